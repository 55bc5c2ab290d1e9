import type { MetadataFiles } from './metadata-files.ts';

/** The public types of the git adapter; import them from `git-repository.ts`. */

export interface GitIdentity {
  name: string;
  email: string;
}

/** Given to git only through the environment, never argv. */
export type GitCredentials =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'ssh'; identityFile: string; knownHostsFile: string };

/** One finished git command, for metrics (`tract_git_operation_duration_seconds`). */
export interface GitCommandEvent {
  command: string;
  args: readonly string[];
  durationMs: number;
  outcome: 'ok' | 'failed' | 'timeout';
}

export interface GitOptions {
  credentials?: GitCredentials;
  /** Controller: true — ignore the system and global git config and config from the environment. */
  isolateConfig?: boolean;
  /** Per command; default 60 000. On expiry git and its helpers are killed: TransientError. */
  timeoutMs?: number;
  /** Base environment (the caller passes process.env; adapters never read it). */
  env?: Readonly<Record<string, string | undefined>>;
  /** More values to scrub from messages, besides the credentials. */
  secrets?: readonly string[];
  /** Waits between rejected pushes; default 100 ms doubling to at most 2 s, jittered. */
  pushBackoff?: PushBackoff;
  onCommand?: (event: GitCommandEvent) => void;
  /** How git's metadata files are read; default asynchronously (metadata-files.ts). */
  files?: MetadataFiles;
}

export interface FileChange {
  status: 'A' | 'M' | 'D';
  path: string;
}

/** The jittered, doubling wait between rejected pushes (push-with-retry.ts). */
export interface PushBackoff {
  baseMs: number;
  maxMs: number;
}

export interface PushResult {
  commit: string;
  attempts: number;
}

/**
 * What to do when the remote moved on. `rebase` (CLI): fetch, rebase, retry. `reapply` (controller):
 * fetch, hard-reset to the remote tip, `reapply(tip)` re-does the edits and commits (false when nothing
 * is left to commit, which ends the push), retry.
 */
export type OnRejected = { strategy: 'rebase' } | { strategy: 'reapply'; reapply: (tip: string) => Promise<boolean> };

export interface LogEntry {
  sha: string;
  subject: string;
  body: string;
  authorName: string;
  authorEmail: string;
}

export interface CommitOptions {
  /** Author and committer; default: git's config. */
  author?: GitIdentity;
  allowEmpty?: boolean;
  /**
   * Commit only these paths' working-tree state (`git commit --only`), leaving anything else the user
   * staged alone; untracked ones are added first.
   */
  paths?: readonly string[];
}
