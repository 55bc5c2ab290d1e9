import type { DecodedLine, DecodedWorklogFile, WorklogProblem } from './decode-worklog-file.ts';
import { parseIsoInstant } from './parse-iso-instant.ts';

export interface RecordSet {
  /** The winning line per id (same-id rule applied), in file then line order. */
  records: DecodedLine[];
  /** Lines that lost a same-id merge (kept in git, not synced), in file then line order. */
  superseded: DecodedLine[];
  /** Malformed lines of all files, in file then line order. */
  problems: WorklogProblem[];
}

function compareFileNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** File order, then line order. */
export function compareLinePositions(a: DecodedLine, b: DecodedLine): number {
  return compareFileNames(a.file, b.file) || a.line - b.line;
}

function updatedMs(line: DecodedLine): number {
  const updated = line.record.updated;
  return updated === undefined ? Number.NEGATIVE_INFINITY : (parseIsoInstant(updated) ?? Number.NEGATIVE_INFINITY);
}

/** Same-id rule (DESIGN §2): the later `updated` wins (a line with `updated` beats one without), then the later line. */
function wins(candidate: DecodedLine, current: DecodedLine): boolean {
  const byUpdated = updatedMs(candidate) - updatedMs(current);
  if (byUpdated !== 0 && !Number.isNaN(byUpdated)) return byUpdated > 0;
  return compareLinePositions(candidate, current) > 0;
}

/**
 * Merges decoded files into one record set. Files are taken in path order (so `worklogs/2026-01.jsonl`
 * comes before `worklogs/2026-02.jsonl`) whatever order they are passed in; "later line" means later in
 * that order.
 */
export function collectRecords(files: readonly DecodedWorklogFile[]): RecordSet {
  const ordered = [...files].sort((a, b) => compareFileNames(a.file, b.file));
  const winners = new Map<string, DecodedLine>();
  const superseded: DecodedLine[] = [];
  for (const line of ordered.flatMap((file) => file.lines)) {
    const current = winners.get(line.record.id);
    if (current === undefined) {
      winners.set(line.record.id, line);
    } else if (wins(line, current)) {
      winners.set(line.record.id, line);
      superseded.push(current);
    } else {
      superseded.push(line);
    }
  }
  return {
    records: [...winners.values()].sort(compareLinePositions),
    superseded: superseded.sort(compareLinePositions),
    problems: ordered.flatMap((file) => file.problems),
  };
}
