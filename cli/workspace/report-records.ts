import type { WorklogProblem } from '../../shared/core/decode-worklog-file.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import type { WorklogSnapshot } from '../../shared/git/worklog-repository.ts';
import type { Terminal } from '../output/terminal.ts';

/** Records that count in reports: the same-id winners, without the extra copies of duplicates. */
export function countedRecords(snapshot: WorklogSnapshot): WorklogRecord[] {
  const dropped = new Set(snapshot.duplicates.flatMap((group) => group.duplicates.map((dup) => `${dup.file}:${dup.line}`)));
  return snapshot.records.records.filter((line) => !dropped.has(`${line.file}:${line.line}`)).map((line) => line.record);
}

const SHOWN_PROBLEMS = 3;

/** Malformed and duplicate lines, on stderr, the first few and a count: they never stop a report. */
export function warnProblems(terminal: Terminal, snapshot: WorklogSnapshot): void {
  for (const problem of snapshot.problems.slice(0, SHOWN_PROBLEMS)) terminal.warn(formatProblem(problem));
  const more = snapshot.problems.length - SHOWN_PROBLEMS;
  if (more > 0) terminal.warn(`… and ${more} more problem${more === 1 ? '' : 's'} (see \`tract status\`)`);
}

export function formatProblem(problem: WorklogProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}
