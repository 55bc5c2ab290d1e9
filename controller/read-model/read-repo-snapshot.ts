/**
 * Everything Tract → Jira needs from one commit: the worklog records (malformed lines reported, never
 * dropped), their duplicates, and the offline queue (docs/records.md).
 */
import { collectRecords } from '../../shared/core/collect-records.ts';
import type { RecordSet } from '../../shared/core/collect-records.ts';
import { decodeWorklogFile } from '../../shared/core/decode-worklog-file.ts';
import type { WorklogProblem } from '../../shared/core/decode-worklog-file.ts';
import { duplicateProblems, findDuplicates } from '../../shared/core/find-duplicates.ts';
import type { DuplicateGroup } from '../../shared/core/find-duplicates.ts';
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import { QUEUE_DIR, decodeQueueEntry, sortQueueFiles } from '../../shared/core/queue-entry.ts';
import type { QueueEntry } from '../../shared/core/queue-entry.ts';
import { isWorklogFilePath } from '../../shared/core/worklog-file-path.ts';
import type { WorklogText } from '../../shared/core/write-worklog-files.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import type { GitRepository } from '../../shared/git/git-repository.ts';

export interface QueuedWorklog {
  path: string;
  entry: QueueEntry;
}

export interface RepoSnapshot {
  commit: string;
  /** The month files as they are at `commit`: what a write starts from. */
  files: WorklogText[];
  records: RecordSet;
  duplicates: DuplicateGroup[];
  /** Malformed lines, duplicates and unreadable queue files. */
  problems: WorklogProblem[];
  /** Oldest first. */
  queue: QueuedWorklog[];
}

export async function readRepoSnapshot(git: GitRepository, commit: string, worklogDir: string, units: DurationUnits): Promise<RepoSnapshot> {
  const paths = (await git.listFilesAt(commit, worklogDir)).filter((path) => isWorklogFilePath(path, worklogDir)).sort();
  const texts = await git.readFilesAt(commit, paths);
  const files = paths.map((path) => decodeWorklogFile(texts.get(path) ?? '', path));
  const records = collectRecords(files);
  const duplicates = findDuplicates(records.records, units);
  const { queue, problems: queueProblems } = await readQueue(git, commit);
  return {
    commit,
    files: paths.map((path) => ({ path, text: texts.get(path) ?? '' })),
    records,
    duplicates,
    problems: [...records.problems, ...duplicateProblems(duplicates), ...queueProblems],
    queue,
  };
}

async function readQueue(git: GitRepository, commit: string): Promise<{ queue: QueuedWorklog[]; problems: WorklogProblem[] }> {
  const all = await git.listFilesAt(commit, QUEUE_DIR);
  const byName = new Map(all.filter((path) => path.endsWith('.json')).map((path) => [path.slice(QUEUE_DIR.length + 1), path]));
  const queue: QueuedWorklog[] = [];
  const problems: WorklogProblem[] = [];
  // One git process for every queue file: a long offline spell leaves hundreds of them.
  const texts = await git.readFilesAt(commit, [...byName.values()]);
  for (const name of sortQueueFiles([...byName.keys()])) {
    const path = byName.get(name) ?? name;
    try {
      queue.push({ path, entry: decodeQueueEntry(texts.get(path) ?? '', path) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      problems.push({ file: path, line: 1, expected: 'a queue entry (docs/records.md)', found: 'unreadable JSON', message: err.message });
    }
  }
  return { queue, problems };
}
