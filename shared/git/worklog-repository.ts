/**
 * The worklog repository (docs/git.md, "The worklog repository"): the only code that reads the month files
 * and the offline queue of a commit or the working tree, writes them, builds a commit's message (through
 * shared/core/commit-subjects.ts) and commits and pushes them. The CLI, both controller engines and the demo
 * use it; what to write is planned by the pure shared/core/write-worklog-files.ts.
 */
import { join } from 'node:path';
import { commitMessage, type CommitDescription } from '../core/commit-subjects.ts';
import type { DurationUnits } from '../core/parse-duration.ts';
import { encodeQueueEntry, QUEUE_DIR, type QueueEntry } from '../core/queue-entry.ts';
import { isWorklogFilePath } from '../core/worklog-file-path.ts';
import type { WorklogRecord } from '../core/worklog-record.ts';
import { canonicalWorklogText, planWorklogWrites, type FileRecords, type WorklogText } from '../core/write-worklog-files.ts';
import type { CommitOptions, GitIdentity, GitRepository, OnRejected, PushResult } from './git-repository.ts';
import { DEFAULT_PUSH_ATTEMPTS } from './push-with-retry.ts';
import {
  commitQueue,
  decodedWorklogFile,
  decodeQueueFiles,
  queuePath,
  snapshotOf,
  sortedQueueNames,
  type CommitSnapshot,
  type QueueFile,
  type WorklogSnapshot,
} from './worklog-snapshot.ts';
import { ASYNCHRONOUS_WORKTREE, type WorktreeFiles } from './worktree-files.ts';

export type { CommitSnapshot, QueueFile, QueuedWorklog, WorklogFile, WorklogSnapshot } from './worklog-snapshot.ts';
export { decodedWorklogFile } from './worklog-snapshot.ts';
export { SYNCHRONOUS_WORKTREE, type WorktreeFiles } from './worktree-files.ts';

export interface WorklogRepositoryOptions {
  /** The month files' folder, e.g. `worklogs`. */
  worklogDir: string;
  /** For duplicates (the same-entry rule needs the day's length). */
  units: DurationUnits;
  /** How the working tree's files are read and written; default asynchronously (worktree-files.ts). */
  files?: WorktreeFiles;
}

/** A change to the worklog files, described: the repository plans the texts and the message. */
export interface WorklogChange {
  /**
   * The month files `puts` are planned against, as read: every month file, or the one file of a brand-new
   * record (planWorklogWrites).
   */
  base: readonly WorklogText[];
  /** Record versions (edits, tombstones, links, new records), joined with the versions in `base`. */
  puts?: readonly WorklogRecord[];
  /**
   * Per month file of `base`, records that replace their lines outright, without the resolution rule's join:
   * only for taking away what the rule would keep (the demo's unlink).
   */
  rewrite?: ReadonlyMap<string, FileRecords>;
  /** Offline queue entries to add, at their paths under QUEUE_DIR. */
  enqueue?: readonly { path: string; entry: QueueEntry }[];
  /** Queue files to remove. */
  dequeue?: readonly string[];
  description: CommitDescription;
}

/** The files a change writes and its message; nothing is written yet. */
export interface PlannedCommit {
  /** Repository-relative path → new text, or undefined to remove the file. */
  files: ReadonlyMap<string, string | undefined>;
  /** Undefined when there is nothing to commit. */
  message: string | undefined;
}

export interface CommitWorklogOptions {
  /** Author and committer; default git's configuration (the controller has none: it passes its own). */
  author?: GitIdentity;
  /** Work done while the first git process runs (`tract log` decodes the month file for its warnings). */
  whileGitRuns?: () => void;
}

export class WorklogRepository {
  readonly git: GitRepository;
  readonly worklogDir: string;
  readonly #units: DurationUnits;
  readonly #files: WorktreeFiles;

  constructor(git: GitRepository, options: WorklogRepositoryOptions) {
    this.git = git;
    this.worklogDir = options.worklogDir;
    this.#units = options.units;
    this.#files = options.files ?? ASYNCHRONOUS_WORKTREE;
  }

  /** The month files and the queue at `commit`, with three git processes (listing, month files, queue files). */
  async readCommit(commit: string): Promise<CommitSnapshot> {
    const paths = (await this.git.listFilesAt(commit, this.worklogDir)).filter((path) => this.#isMonthFile(path)).sort();
    const texts = await this.git.readFilesAt(commit, paths);
    const snapshot = snapshotOf(paths.map((path) => decodedWorklogFile(path, texts.get(path) ?? '')), this.#units);
    const listed = await this.git.listFilesAt(commit, QUEUE_DIR);
    const queued = sortedQueueNames(listed.map((path) => path.slice(QUEUE_DIR.length + 1))).map(queuePath);
    // One git process for every queue file: a long offline spell leaves hundreds of them.
    const queueTexts = await this.git.readFilesAt(commit, queued);
    const { queue, problems } = commitQueue(decodeQueueFiles(queued, (path) => queueTexts.get(path) ?? ''));
    return { ...snapshot, commit, problems: [...snapshot.problems, ...problems], queue };
  }

  /** Some month files at `commit` (absent ones read as empty), with one git process. */
  async readCommitFiles(commit: string, paths: readonly string[]): Promise<WorklogSnapshot> {
    const texts = await this.git.readFilesAt(commit, paths);
    return snapshotOf(paths.map((path) => decodedWorklogFile(path, texts.get(path) ?? '')), this.#units);
  }

  /**
   * The month files of the working tree. `select` may narrow the texts before they are decoded (the CLI's
   * fast reads blank the lines a report cannot need: cli/read/selective-snapshot.ts).
   */
  async readWorkingTree(select?: (files: WorklogText[]) => WorklogText[]): Promise<WorklogSnapshot> {
    const names = await this.#files.list(join(this.git.dir, this.worklogDir));
    const paths = names.map((name) => `${this.worklogDir}/${name}`).filter((path) => this.#isMonthFile(path)).sort();
    const texts: WorklogText[] = [];
    for (const path of paths) texts.push({ path, text: await this.readWorkingFile(path) });
    const chosen = select === undefined ? texts : select(texts);
    return snapshotOf(chosen.map(({ path, text }) => decodedWorklogFile(path, text)), this.#units);
  }

  /** A file of the working tree; '' when it does not exist yet. */
  async readWorkingFile(path: string): Promise<string> {
    return (await this.#files.read(join(this.git.dir, path))) ?? '';
  }

  /** The working tree's queue file names, oldest first. */
  async workingQueueNames(): Promise<string[]> {
    return sortedQueueNames(await this.#files.list(join(this.git.dir, QUEUE_DIR)));
  }

  /** The working tree's queue, oldest first; an unreadable file carries its problem. */
  async readWorkingQueue(): Promise<QueueFile[]> {
    const paths = (await this.workingQueueNames()).map(queuePath);
    const texts = new Map<string, string>();
    for (const path of paths) texts.set(path, await this.readWorkingFile(path));
    return decodeQueueFiles(paths, (path) => texts.get(path) ?? '');
  }

  /** The files a change writes, canonical (shared/core/write-worklog-files.ts), and its message. Pure. */
  plan(change: WorklogChange): PlannedCommit {
    const files = new Map<string, string | undefined>(planWorklogWrites(change.base, change.puts ?? [], this.worklogDir));
    for (const [path, text] of rewritten(change)) files.set(path, text);
    for (const { path, entry } of change.enqueue ?? []) files.set(path, encodeQueueEntry(entry));
    for (const path of change.dequeue ?? []) files.set(path, undefined);
    return { files, message: files.size === 0 ? undefined : commitMessage(change.description) };
  }

  /** Plans, writes and commits a change; the new commit, or undefined when nothing changed. */
  async commit(change: WorklogChange, options: CommitWorklogOptions = {}): Promise<string | undefined> {
    return this.commitPlanned(this.plan(change), options);
  }

  /**
   * Writes the planned files and commits exactly those paths (`git commit --only`, so whatever else is
   * staged stays staged). New files are `git add`ed first; when none is, the commit is the only git
   * process. On any failure the files are put back as they were and re-staged as in the working copy.
   */
  async commitPlanned(planned: PlannedCommit, options: CommitWorklogOptions = {}): Promise<string | undefined> {
    const message = planned.message;
    if (message === undefined || planned.files.size === 0) return undefined;
    const paths = [...planned.files.keys()];
    const before = new Map<string, string | undefined>();
    for (const path of paths) before.set(path, await this.#files.read(join(this.git.dir, path)).catch(() => undefined));
    const fresh = paths.filter((path) => before.get(path) === undefined && planned.files.get(path) !== undefined);
    const commitOptions: CommitOptions = { paths, ...(options.author === undefined ? {} : { author: options.author }) };
    try {
      await this.#write(planned.files);
      if (fresh.length === 0) return await alongside(this.git.commit(message, commitOptions), options.whileGitRuns);
      await alongside(this.git.add(fresh), options.whileGitRuns);
      return await this.git.commit(message, commitOptions);
    } catch (err) {
      // Put the files back and re-stage them, so neither the tree nor the index keeps the failed change.
      try {
        await this.#write(before);
        await this.git.add(paths);
      } catch {
        // best effort: the first error is the one to report
      }
      throw err;
    }
  }

  /**
   * Commits these (already written) paths when any differs from HEAD: `tract init`'s set-up files.
   * The new commit, or undefined when nothing changed.
   */
  async commitPathsIfChanged(paths: readonly string[], description: CommitDescription, options: CommitWorklogOptions = {}): Promise<string | undefined> {
    const message = commitMessage(description);
    if (message === undefined || (await this.git.isClean(paths))) return undefined;
    await this.git.add(paths);
    return this.git.commit(message, { paths, ...(options.author === undefined ? {} : { author: options.author }) });
  }

  /**
   * Pushes `branch`, never forcing, by the retry policy of shared/git/push-with-retry.ts: `rebase` (the CLI,
   * DEFAULT_PUSH_ATTEMPTS) or `reapply` (the controller, CONTROLLER_PUSH_ATTEMPTS, re-planning on the new tip).
   */
  async push(remote: string, branch: string, onRejected: OnRejected, maxAttempts = DEFAULT_PUSH_ATTEMPTS): Promise<PushResult> {
    return this.git.push(remote, branch, onRejected, maxAttempts);
  }

  #isMonthFile(path: string): boolean {
    return isWorklogFilePath(path, this.worklogDir);
  }

  async #write(files: ReadonlyMap<string, string | undefined>): Promise<void> {
    for (const [path, text] of files) {
      const absolute = join(this.git.dir, path);
      if (text === undefined) await this.#files.remove(absolute);
      else await this.#files.write(absolute, text);
    }
  }
}

/** The month files whose lines `rewrite` replaces outright (canonicalWorklogText, no join), as they change. */
function rewritten(change: WorklogChange): Map<string, string> {
  const changed = new Map<string, string>();
  for (const [path, records] of change.rewrite ?? []) {
    const before = change.base.find((file) => file.path === path)?.text ?? '';
    const after = canonicalWorklogText(before, path, records);
    if (after !== before) changed.set(path, after);
  }
  return changed;
}

/** Runs `work` while git runs in its own process; git is waited for even when `work` throws. */
async function alongside<T>(running: Promise<T>, work: (() => void) | undefined): Promise<T> {
  try {
    work?.();
  } catch (err) {
    await running.catch(() => undefined);
    throw err;
  }
  return running;
}
