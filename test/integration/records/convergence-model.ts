/**
 * The pure model of the convergence test: what must be true of every record once everything settled.
 * The test's operations run one at a time, each with a later clock than the last, and each sets the whole
 * content it changes (an edit sets the time and the start; the comment and issue never change), so
 * by the resolution rule (docs/records.md, "Resolution") the last operation on a record decides it,
 * wherever it ran and whenever its commit reached the others.
 */

export interface ModelRecord {
  id: string;
  issue: string;
  author: string;
  seconds: number;
  startedMs: number;
  deleted: boolean;
}

export class ConvergenceModel {
  readonly #records = new Map<string, ModelRecord>();

  logged(record: Omit<ModelRecord, 'deleted'>): void {
    if (this.#records.has(record.id)) throw new Error(`the model already has ${record.id}: a new record reused an id`);
    this.#records.set(record.id, { ...record, deleted: false });
  }

  edited(id: string, change: { seconds: number; startedMs: number }): void {
    const record = this.#live(id);
    record.seconds = change.seconds;
    record.startedMs = change.startedMs;
  }

  deleted(id: string): void {
    this.#live(id).deleted = true;
  }

  isLive(id: string): boolean {
    return this.#records.get(id)?.deleted === false;
  }

  live(): ModelRecord[] {
    return [...this.#records.values()].filter((r) => !r.deleted);
  }

  deletedIds(): string[] {
    return [...this.#records.values()].filter((r) => r.deleted).map((r) => r.id);
  }

  #live(id: string): ModelRecord {
    const record = this.#records.get(id);
    // The schedule never changes a record the model knows is deleted (an edit after a delete would win by the rule).
    if (record === undefined || record.deleted) throw new Error(`schedule bug: ${id} is not live in the model`);
    return record;
  }
}
