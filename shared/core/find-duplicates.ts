import { compareLinePositions } from './collect-records.ts';
import type { DecodedLine, WorklogProblem } from './decode-worklog-file.ts';
import { parseIsoInstant } from './parse-iso-instant.ts';
import { recordDurationSeconds } from './record-duration.ts';
import type { DurationUnits } from './record-duration.ts';
import type { WorklogRecord } from './worklog-record.ts';

/** Lines that are the same worklog: same ticket, same author, same time (docs/records.md, "Duplicates"). */
export interface DuplicateGroup {
  key: string;
  /** The one line that is synced: the earliest linked line, else the earliest line. */
  kept: DecodedLine;
  /** The others, in file then line order: reported, never dropped from git, never synced. */
  duplicates: DecodedLine[];
}

const MS_PER_MINUTE = 60_000;

/**
 * The duplicate key (docs/records.md): `issue`, `author`, the UTC minute of `started` (the instant truncated to
 * the minute, so offsets and seconds do not matter), and `time` in seconds (`2h` = `120m`; a time that
 * does not parse is compared as written).
 */
export function duplicateKey(record: WorklogRecord, units?: DurationUnits): string {
  const startedMs = parseIsoInstant(record.started);
  const minute = startedMs === undefined ? `text:${record.started}` : String(Math.floor(startedMs / MS_PER_MINUTE) * MS_PER_MINUTE);
  const seconds = recordDurationSeconds(record.time, units);
  const time = seconds === undefined ? `text:${record.time}` : String(seconds);
  return JSON.stringify([record.issue, record.author, minute, time]);
}

function pickKept(lines: readonly DecodedLine[]): DecodedLine {
  const first = lines[0];
  if (first === undefined) throw new RangeError('a duplicate group needs at least one line');
  return lines.find((line) => line.record.jira !== undefined) ?? first;
}

/**
 * Groups lines (normally `collectRecords(...).records`) that are duplicates. Groups come in the order of
 * their kept line; lines without a duplicate are in no group.
 */
export function findDuplicates(lines: readonly DecodedLine[], units?: DurationUnits): DuplicateGroup[] {
  const byKey = new Map<string, DecodedLine[]>();
  for (const line of [...lines].sort(compareLinePositions)) {
    const key = duplicateKey(line.record, units);
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, [line]);
    else group.push(line);
  }
  const groups: DuplicateGroup[] = [];
  for (const [key, group] of byKey) {
    if (group.length < 2) continue;
    const kept = pickKept(group);
    groups.push({ key, kept, duplicates: group.filter((line) => line !== kept) });
  }
  return groups.sort((a, b) => compareLinePositions(a.kept, b.kept));
}

function whereIs(kept: DecodedLine, duplicate: DecodedLine): string {
  return kept.file === duplicate.file ? `line ${kept.line}` : `${kept.file} line ${kept.line}`;
}

/**
 * One problem per duplicate line: "duplicate of line N: same issue, author, started minute and time;
 * only line N is synced" (the kept line's file is named when it is another file).
 */
export function duplicateProblems(groups: readonly DuplicateGroup[]): WorklogProblem[] {
  const problems: WorklogProblem[] = [];
  for (const { kept, duplicates } of groups) {
    for (const duplicate of duplicates) {
      const where = whereIs(kept, duplicate);
      problems.push({
        file: duplicate.file,
        line: duplicate.line,
        expected: 'one line per worklog (issue, author, started minute, time)',
        found: `duplicate of ${where}`,
        message: `duplicate of ${where}: same issue, author, started minute and time; only ${where} is synced`,
      });
    }
  }
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
