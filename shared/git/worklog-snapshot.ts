/**
 * What a worklog read gives, of a commit or of the working tree (docs/git.md, "The worklog repository"):
 * the month files as text and decoded, their records by the resolution rule (malformed lines reported,
 * never dropped), the duplicates, and the offline queue (docs/records.md). Pure: the repository reads the
 * texts and hands them here.
 */
import { collectRecords, type RecordSet } from '../core/collect-records.ts';
import { decodeWorklogFile, type DecodedWorklogFile, type WorklogProblem } from '../core/decode-worklog-file.ts';
import { duplicateProblems, findDuplicates, type DuplicateGroup } from '../core/find-duplicates.ts';
import type { DurationUnits } from '../core/parse-duration.ts';
import { decodeQueueEntry, QUEUE_DIR, sortQueueFiles, type QueueEntry } from '../core/queue-entry.ts';
import { TractError } from '../core/tract-error.ts';
import type { WorklogText } from '../core/write-worklog-files.ts';

/** One month file, as text and decoded. */
export interface WorklogFile extends WorklogText {
  decoded: DecodedWorklogFile;
}

export interface WorklogSnapshot {
  /** The month files in path order: what a write starts from. */
  files: WorklogFile[];
  records: RecordSet;
  duplicates: DuplicateGroup[];
  /** Malformed lines, then duplicate lines (then, for a commit, unreadable queue files). */
  problems: WorklogProblem[];
}

/** A queue file of the working tree: its entry, or why it could not be read. */
export interface QueueFile {
  /** Repository-relative path. */
  path: string;
  entry?: QueueEntry;
  problem?: string;
}

export interface QueuedWorklog {
  path: string;
  entry: QueueEntry;
}

/** Everything Tract → Jira needs from one commit. */
export interface CommitSnapshot extends WorklogSnapshot {
  commit: string;
  /** Oldest first; unreadable ones are in `problems`. */
  queue: QueuedWorklog[];
}

export function decodedWorklogFile(path: string, text: string): WorklogFile {
  return { path, text, decoded: decodeWorklogFile(text, path) };
}

/** The records, duplicates and problems of these files. */
export function snapshotOf(files: WorklogFile[], units: DurationUnits): WorklogSnapshot {
  const records = collectRecords(files.map((file) => file.decoded));
  const duplicates = findDuplicates(records.records, units);
  return { files, records, duplicates, problems: [...records.problems, ...duplicateProblems(duplicates)] };
}

/** Queue file names (`.json` only) oldest first. */
export function sortedQueueNames(names: readonly string[]): string[] {
  return sortQueueFiles(names.filter((name) => name.endsWith('.json')));
}

export function queuePath(name: string): string {
  return `${QUEUE_DIR}/${name}`;
}

/** Decodes queue files; one that cannot be read is reported, not thrown. */
export function decodeQueueFiles(paths: readonly string[], textOf: (path: string) => string): QueueFile[] {
  return paths.map((path) => {
    try {
      return { path, entry: decodeQueueEntry(textOf(path), path) };
    } catch (err) {
      if (err instanceof TractError) return { path, problem: err.message };
      throw err;
    }
  });
}

/** A commit's queue: the entries, and a problem for each unreadable file. */
export function commitQueue(files: readonly QueueFile[]): { queue: QueuedWorklog[]; problems: WorklogProblem[] } {
  const queue: QueuedWorklog[] = [];
  const problems: WorklogProblem[] = [];
  for (const { path, entry, problem } of files) {
    if (entry !== undefined) queue.push({ path, entry });
    else problems.push({ file: path, line: 1, expected: 'a queue entry (docs/records.md)', found: 'unreadable JSON', message: problem ?? '' });
  }
  return { queue, problems };
}
