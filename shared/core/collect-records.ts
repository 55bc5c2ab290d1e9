import type { DecodedLine, DecodedWorklogFile, WorklogProblem } from './decode-worklog-file.ts';
import { resolveRecordVersions, winnerIndex } from './resolve-record-versions.ts';

export interface RecordSet {
  /** The resolved live record per id (tombstones left out), at its winning line, in file then line order. */
  records: DecodedLine[];
  /** The resolved record per id that is a tombstone, at its winning line, in file then line order. */
  tombstones: DecodedLine[];
  /** Lines that lost the resolution to another line of the same id, in file then line order. */
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

/** The lines of one id resolved (docs/records.md, "Resolution"): the winner carries the resolved record. */
export function resolveLines(lines: readonly DecodedLine[]): { winner: DecodedLine; losers: DecodedLine[] } {
  const records = lines.map((line) => line.record);
  const best = winnerIndex(records);
  const winning = lines[best] as DecodedLine;
  const winner = lines.length === 1 ? winning : { ...winning, record: resolveRecordVersions(records) };
  return { winner, losers: lines.filter((_, i) => i !== best) };
}

/**
 * Merges decoded files into one record set by the resolution rule, whatever order the files are passed
 * in: the result depends only on the lines, never on their position.
 */
export function collectRecords(files: readonly DecodedWorklogFile[]): RecordSet {
  const ordered = [...files].sort((a, b) => compareFileNames(a.file, b.file));
  const byId = new Map<string, DecodedLine[]>();
  for (const line of ordered.flatMap((file) => file.lines)) {
    const group = byId.get(line.record.id);
    if (group === undefined) byId.set(line.record.id, [line]);
    else group.push(line);
  }
  const set: RecordSet = { records: [], tombstones: [], superseded: [], problems: ordered.flatMap((file) => file.problems) };
  for (const group of byId.values()) {
    const { winner, losers } = resolveLines(group);
    (winner.record.deleted === undefined ? set.records : set.tombstones).push(winner);
    set.superseded.push(...losers);
  }
  set.records.sort(compareLinePositions);
  set.tombstones.sort(compareLinePositions);
  set.superseded.sort(compareLinePositions);
  return set;
}
