/** One request the simulator received. Times are epoch ms with sub-millisecond precision (real time). */
export interface RequestRecord {
  seq: number;
  method: string;
  path: string;
  query: Record<string, unknown>;
  /** Email (Cloud) or name (Data Center) of the authenticated user; null when unauthenticated. */
  user: string | null;
  /** 0 when no response was sent (hang, "response lost", client gone). */
  status: number;
  startMs: number;
  endMs: number;
}

/** Real high-resolution wall time in ms: what the Tract→Jira batching assertions measure. */
export function preciseNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Append-only log of compact records, trimmed from the front beyond `limit`. */
export class RequestLog {
  private readonly records: RequestRecord[] = [];
  private nextSeq = 1;
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(record: Omit<RequestRecord, 'seq'>): void {
    this.records.push({ seq: this.nextSeq++, ...record });
    if (this.records.length > this.limit + 1024) this.records.splice(0, this.records.length - this.limit);
  }

  /** Records with `seq` greater than `afterSeq` (all by default), oldest first. */
  list(afterSeq = 0): RequestRecord[] {
    if (afterSeq <= 0) return [...this.records];
    return this.records.filter((record) => record.seq > afterSeq);
  }

  clear(): void {
    this.records.length = 0;
  }
}
