import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import type { Terminal } from '../output/terminal.ts';
import { formatProblem, type WorklogSnapshot } from './worklog-store.ts';

/** Records that count in reports: the same-id winners, without the extra copies of duplicates. */
export function countedRecords(snapshot: WorklogSnapshot): WorklogRecord[] {
  const dropped = new Set(snapshot.duplicates.flatMap((group) => group.duplicates.map((dup) => `${dup.file}:${dup.line}`)));
  return snapshot.set.records.filter((line) => !dropped.has(`${line.file}:${line.line}`)).map((line) => line.record);
}

/** Malformed and duplicate lines, on stderr: they never stop a report. */
export function warnProblems(terminal: Terminal, snapshot: WorklogSnapshot): void {
  for (const problem of snapshot.problems) terminal.warn(formatProblem(problem));
}
