/**
 * Real git repositories for tests: bare remotes and clones in temp dirs, a fixed identity, never the
 * developer's ~/.gitconfig. Register cleanup in the caller: `afterEach(removeTempDirs)`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestIdentity {
  name: string;
  email: string;
}

export const TEST_IDENTITY: TestIdentity = { name: 'Tract Test', email: 'tract-test@example.com' };

/** `.gitattributes` as `tract init` writes it (docs/git.md). */
export const TRACT_GITATTRIBUTES = 'worklogs/*.jsonl merge=union\n';

const createdDirs: string[] = [];

/** A fresh temp dir, removed by `removeTempDirs()`. */
export function tempDir(prefix = 'tract-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}

/** Removes every dir `tempDir()` made so far; call from `afterEach`/`after`. */
export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The environment fixtures run git with: the test identity, no system or global config, no prompts.
 * Also a good `env` for a GitRepository under test.
 */
export function gitTestEnv(identity: TestIdentity = TEST_IDENTITY): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('GIT_')) env[name] = value;
  }
  return {
    ...env,
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
}

/** Runs git in `dir` and returns stdout; rejects with git's stderr. */
export async function git(dir: string, args: readonly string[], identity?: TestIdentity): Promise<string> {
  const { stdout } = await run('git', args, { cwd: dir, env: gitTestEnv(identity), maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export interface BareRemoteOptions {
  /** No commit at all (default: one commit with `files`). */
  empty?: boolean;
  /** Files of the first commit on `main`; default a tract `.gitattributes`. */
  files?: Readonly<Record<string, string>>;
}

/** A bare repository on disk whose `main` holds one commit (unless `empty`). Returns its path. */
export async function makeBareRemote(options: BareRemoteOptions = {}): Promise<string> {
  const remote = join(tempDir('tract-remote-'), 'remote.git');
  await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', remote], { env: gitTestEnv() });
  if (options.empty === true) return remote;
  const seed = join(tempDir('tract-seed-'), 'seed');
  await run('git', ['clone', '--quiet', remote, seed], { env: gitTestEnv() });
  await git(seed, ['checkout', '--quiet', '-B', 'main']);
  for (const [path, content] of Object.entries(options.files ?? { '.gitattributes': TRACT_GITATTRIBUTES })) {
    writeRepoFile(seed, path, content);
  }
  await git(seed, ['add', '--all']);
  await git(seed, ['commit', '--quiet', '-m', 'Initial commit']);
  await git(seed, ['push', '--quiet', 'origin', 'main']);
  return remote;
}

/** A working clone of `remoteDir` whose local config has `identity` (so plain `git commit` works in it). */
export async function makeClone(remoteDir: string, identity: TestIdentity = TEST_IDENTITY): Promise<string> {
  const clone = join(tempDir('tract-clone-'), 'clone');
  await run('git', ['clone', '--quiet', remoteDir, clone], { env: gitTestEnv(identity) });
  await git(clone, ['config', 'user.name', identity.name]);
  await git(clone, ['config', 'user.email', identity.email]);
  return clone;
}

/** Writes `path` (creating folders), commits it alone and returns the new commit's sha. */
export async function commitFile(repoDir: string, path: string, content: string, message: string, identity?: TestIdentity): Promise<string> {
  writeRepoFile(repoDir, path, content);
  await git(repoDir, ['add', '--', path], identity);
  await git(repoDir, ['commit', '--quiet', '-m', message, '--', path], identity);
  return (await git(repoDir, ['rev-parse', 'HEAD'])).trim();
}

/** Subjects of `ref`'s history, newest first. */
export async function gitLog(dir: string, ref = 'HEAD'): Promise<string[]> {
  const out = await git(dir, ['log', '--format=%s', ref, '--']);
  return out.split('\n').filter((line) => line !== '');
}

export function writeRepoFile(repoDir: string, path: string, content: string): void {
  const file = join(repoDir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}
