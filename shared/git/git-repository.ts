// `fs.promises`, not an import of node:fs/promises: the CLI bundle then loads fs/promises (and the readline
// modules it pulls in) only when clone, init or a hook install runs, not at every `tract log`.
import { promises as fsp } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ValidationError } from '../core/tract-error.ts';
import { notARepository } from './classify-git-error.ts';
import { GitRunner } from './git-runner.ts';
import { locateRepository, readFetchHead, readHead, readLooseRef, type RepositoryLocation } from './locate-repository.ts';
import { LOG_FORMAT, parseLog, parseNameStatus, parseNulList } from './parse-git-output.ts';
import { DEFAULT_PUSH_ATTEMPTS, DEFAULT_PUSH_BACKOFF, pushWithRetry } from './push-with-retry.ts';
import { assertRefName, assertRevision, identityEnv, normalizePath } from './git-arguments.ts';
import type { CommitOptions, FileChange, GitOptions, LogEntry, OnRejected, PushResult } from './git-types.ts';
import { ASYNCHRONOUS_FILES, type MetadataFiles } from './metadata-files.ts';
import { readRemoteUrl } from './read-remote-url.ts';
import { rebaseOnto } from './rebase-onto.ts';
import { parseCatFileBatch } from './parse-cat-file-batch.ts';

export type {
  CommitOptions,
  FileChange,
  GitCommandEvent,
  GitCredentials,
  GitIdentity,
  GitOptions,
  LogEntry,
  OnRejected,
  PushResult,
} from './git-types.ts';
export { ASYNCHRONOUS_FILES, SYNCHRONOUS_FILES, type MetadataFiles } from './metadata-files.ts';

/** sha1 and sha256 empty trees, for diffs from nothing. */
const EMPTY_TREE = { 40: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', 64: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321' };

/**
 * The only code that runs git. One instance per repository directory, carrying its own environment,
 * credentials and timeout; no module-level state, so hundreds can work at once.
 */
export class GitRepository {
  readonly dir: string;
  readonly #git: GitRunner;
  readonly #location: RepositoryLocation;
  readonly #options: GitOptions;
  readonly #files: MetadataFiles;

  private constructor(location: RepositoryLocation, options: GitOptions) {
    this.dir = location.topLevel;
    this.#location = location;
    this.#options = options;
    this.#files = options.files ?? ASYNCHRONOUS_FILES;
    this.#git = new GitRunner(location.topLevel, options);
  }

  /** Finds the top level from `dir` or any parent without spawning git. */
  static async open(dir: string, options: GitOptions = {}): Promise<GitRepository> {
    const files = options.files ?? ASYNCHRONOUS_FILES;
    if ((await files.kind(dir)) !== 'directory') throw new ValidationError(`directory not found: ${dir}`, { reason: 'NotAGitRepository' });
    const location = await locateRepository(dir, files);
    if (location === undefined) throw notARepository();
    return new GitRepository(location, options);
  }

  static async clone(url: string, dir: string, branch: string, options: GitOptions = {}): Promise<GitRepository> {
    assertRefName('branch', branch);
    const target = resolve(dir);
    await fsp.mkdir(dirname(target), { recursive: true });
    const existed = await fsp.stat(target).then(() => true, () => false);
    const git = new GitRunner(dirname(target), options);
    try {
      await git.run(['clone', '--quiet', '--no-tags', '--single-branch', '--branch', branch, '--', url, target]);
    } catch (error) {
      // A killed clone leaves a partial directory that would block every retry.
      if (!existed) await fsp.rm(target, { recursive: true, force: true });
      throw error;
    }
    return GitRepository.open(target, options);
  }

  static async init(dir: string, options: GitOptions & { bare?: boolean; initialBranch?: string } = {}): Promise<GitRepository> {
    const branch = options.initialBranch ?? 'main';
    assertRefName('branch', branch);
    const target = resolve(dir);
    await fsp.mkdir(target, { recursive: true });
    await new GitRunner(target, options).run(['init', '--quiet', ...(options.bare === true ? ['--bare'] : []), `--initial-branch=${branch}`]);
    return GitRepository.open(target, options);
  }

  async currentBranch(): Promise<string> {
    const head = await readHead(this.#location.gitDir, this.#files);
    if (head === undefined) {
      return (await this.#git.run(['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.trim();
    }
    if ('detached' in head || !head.ref.startsWith('refs/heads/')) {
      throw new ValidationError('HEAD is detached: check out a branch (git switch <branch>)', { reason: 'DetachedHead' });
    }
    return head.ref.slice('refs/heads/'.length);
  }

  async headCommit(): Promise<string | undefined> {
    const head = await readHead(this.#location.gitDir, this.#files);
    if (head !== undefined && 'detached' in head) return head.detached;
    return this.#resolveRef(head?.ref ?? 'HEAD');
  }

  async remoteUrl(remote = 'origin'): Promise<string | undefined> {
    assertRefName('remote', remote);
    return readRemoteUrl(this.#location.commonDir, remote, this.#files);
  }

  async fetch(remote: string, branch: string): Promise<string> {
    assertRefName('remote', remote);
    assertRefName('branch', branch);
    await this.#git.run(['fetch', '--quiet', '--no-tags', '--write-fetch-head', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
    const tip = (await readFetchHead(this.#location.gitDir, this.#files)) ?? (await this.remoteTip(remote, branch));
    if (tip === undefined) throw new ValidationError(`git fetch: ${remote}/${branch} not found after fetch`, { reason: 'RemoteBranchNotFound' });
    return tip;
  }

  async remoteTip(remote: string, branch: string): Promise<string | undefined> {
    assertRefName('remote', remote);
    assertRefName('branch', branch);
    return this.#resolveRef(`refs/remotes/${remote}/${branch}`);
  }

  async readFileAt(commit: string, path: string): Promise<string | undefined> {
    assertRevision(commit);
    const result = await this.#git.run(['cat-file', 'blob', `${commit}:${normalizePath(path)}`], { okExitCodes: [128] });
    if (result.exitCode === 0) return result.stdout;
    if (/does not exist in|exists on disk, but not in/.test(result.stderr)) return undefined;
    await this.#verifyCommit(commit);
    return undefined;
  }

  /** Several files at one commit with one git process; a path that is absent maps to undefined. */
  async readFilesAt(commit: string, paths: readonly string[]): Promise<Map<string, string | undefined>> {
    assertRevision(commit);
    if (paths.length === 0) return new Map();
    const normalized = paths.map(normalizePath);
    if (normalized.some((path) => /[\n\r]/.test(path))) throw new ValidationError('a path with a line break cannot be read', { reason: 'InvalidArgument' });
    const input = normalized.map((path) => `${commit}:${path}\n`).join('');
    const { stdoutBytes } = await this.#git.run(['cat-file', '--batch'], { input });
    const contents = parseCatFileBatch(stdoutBytes, normalized.length);
    return new Map(paths.map((path, i) => [path, contents[i]]));
  }

  async listFilesAt(commit: string, dir: string): Promise<string[]> {
    assertRevision(commit);
    const scope = normalizePath(dir);
    const pathspec = scope === '' ? [] : ['--', scope];
    return parseNulList((await this.#git.run(['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit, ...pathspec])).stdout);
  }

  async diffFiles(from: string | undefined, to: string, paths: readonly string[]): Promise<FileChange[]> {
    assertRevision(to);
    if (from !== undefined) assertRevision(from);
    const base = from ?? (to.length === 64 ? EMPTY_TREE[64] : EMPTY_TREE[40]);
    const args = ['diff-tree', '-r', '-z', '--no-renames', '--name-status', base, to, '--', ...paths.map(normalizePath)];
    return parseNameStatus((await this.#git.run(args)).stdout);
  }

  /** Stages additions, edits and deletions of these paths. */
  async add(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    await this.#git.run(['add', '--all', '--', ...paths.map(normalizePath)]);
  }

  /**
   * Commits and returns the sha. With `paths`, commits just those paths' working-tree state (new,
   * edited or deleted) in one `git commit` when git already tracks them, adding them first otherwise.
   */
  async commit(message: string, options: CommitOptions = {}): Promise<string> {
    try {
      await this.#commitOnce(message, options);
    } catch (error) {
      const untracked = error instanceof ValidationError && error.reason === 'PathNotFound';
      if (options.paths === undefined || !untracked) throw error;
      await this.add(options.paths);
      await this.#commitOnce(message, options);
    }
    const sha = await this.headCommit();
    if (sha === undefined) throw new ValidationError('git commit: HEAD has no commit after committing', { reason: 'UnknownRevision' });
    return sha;
  }

  async push(remote: string, branch: string, onRejected: OnRejected, maxAttempts = DEFAULT_PUSH_ATTEMPTS): Promise<PushResult> {
    assertRefName('remote', remote);
    assertRefName('branch', branch);
    const ref = `refs/heads/${branch}`;
    return pushWithRetry(
      {
        pushOnce: async () => void (await this.#git.run(['push', '--quiet', remote, `${ref}:${ref}`])),
        localTip: async () => (await this.#resolveRef(ref)) ?? '',
        fetchTip: () => this.fetch(remote, branch),
        rebaseOntoFetched: () => rebaseOnto(this.#git, { gitDir: this.#location.gitDir, files: this.#files }, `refs/remotes/${remote}/${branch}`, `${remote}/${branch}`),
        resetHard: (commit) => this.resetHard(commit),
      },
      { onRejected, maxAttempts, backoff: this.#options.pushBackoff ?? DEFAULT_PUSH_BACKOFF },
    );
  }

  async resetHard(commit: string): Promise<void> {
    assertRevision(commit);
    await this.#git.run(['reset', '--hard', '--quiet', commit, '--']);
  }

  async isAncestor(a: string, b: string): Promise<boolean> {
    assertRevision(a);
    assertRevision(b);
    return (await this.#git.run(['merge-base', '--is-ancestor', a, b], { okExitCodes: [1] })).exitCode === 0;
  }

  /** The committer time. */
  async commitTime(commit: string): Promise<Date> {
    assertRevision(commit);
    const seconds = Number((await this.#git.run(['log', '-1', '--format=%ct', commit, '--'])).stdout.trim());
    return new Date(seconds * 1000);
  }

  async log(range: string, options: { paths?: readonly string[]; max?: number } = {}): Promise<LogEntry[]> {
    assertRevision(range);
    const max = options.max === undefined ? [] : [`--max-count=${options.max}`];
    const paths = (options.paths ?? []).map(normalizePath);
    return parseLog((await this.#git.run(['log', LOG_FORMAT, ...max, range, '--', ...paths])).stdout);
  }

  /** Writes an executable hook where git will run it (respects `core.hooksPath`). */
  async installHook(name: string, script: string): Promise<void> {
    if (!/^[a-z][a-z-]*$/.test(name)) throw new ValidationError(`invalid git hook name "${name}"`, { reason: 'InvalidArgument' });
    const path = join(await this.gitPath('hooks'), name);
    await fsp.mkdir(dirname(path), { recursive: true });
    await fsp.writeFile(path, script, { mode: 0o755 });
    await fsp.chmod(path, 0o755);
  }

  /** The absolute path of a file git keeps for this repository (`git rev-parse --git-path`, e.g. `info/attributes`). */
  async gitPath(name: string): Promise<string> {
    const path = (await this.#git.run(['rev-parse', '--git-path', name])).stdout.trim();
    return isAbsolute(path) ? path : join(this.dir, path);
  }

  /** Sets a key in this repository's own configuration (`.git/config`), never the user's or the system's. */
  async setLocalConfig(key: string, value: string): Promise<void> {
    if (!/^[a-z][a-z0-9-]*(\.[^\s=]+)*\.[a-z][a-z0-9-]*$/i.test(key)) throw new ValidationError(`invalid git config key "${key}"`, { reason: 'InvalidArgument' });
    await this.#git.run(['config', '--local', key, value]);
  }

  /** A key of this repository's own configuration; undefined when unset. */
  async readLocalConfig(key: string): Promise<string | undefined> {
    const result = await this.#git.run(['config', '--local', '--get', key], { okExitCodes: [1] });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  /** No staged, unstaged or untracked changes (ignored files do not count). */
  async isClean(paths?: readonly string[]): Promise<boolean> {
    const scope = paths === undefined ? [] : ['--', ...paths.map(normalizePath)];
    const result = await this.#git.run(['status', '--porcelain', '-z', '--untracked-files=all', ...scope]);
    return result.stdout === '';
  }

  async #commitOnce(message: string, options: CommitOptions): Promise<void> {
    const env = options.author === undefined ? undefined : identityEnv(options.author);
    const only = options.paths === undefined ? [] : ['--only', '--', ...options.paths.map(normalizePath)];
    const flags = options.allowEmpty === true ? ['--allow-empty'] : [];
    // `-F -` and whitespace cleanup: the message is kept verbatim, `#` lines included.
    await this.#git.run(['commit', '--quiet', '--cleanup=whitespace', '-F', '-', ...flags, ...only], {
      input: message,
      ...(env === undefined ? {} : { env }),
    });
  }

  async #resolveRef(ref: string): Promise<string | undefined> {
    const loose = await readLooseRef(this.#location.commonDir, ref, this.#files);
    if (loose !== undefined) return loose;
    const result = await this.#git.run(['rev-parse', '--quiet', '--verify', `${ref}^{commit}`], { okExitCodes: [1] });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  async #verifyCommit(commit: string): Promise<void> {
    await this.#git.run(['rev-parse', '--quiet', '--verify', `${commit}^{commit}`]).catch(() => {
      throw new ValidationError(`unknown revision "${commit}"`, { reason: 'UnknownRevision' });
    });
  }
}
