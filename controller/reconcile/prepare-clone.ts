/**
 * The controller's clone of one TractRepo, `<state>/<namespace>/<name>/clone`: cloned once, reused by
 * every pass, re-cloned when `spec.git.url` or `spec.git.branch` changed. Git runs with isolated config
 * (the host's ~/.gitconfig never applies) and credentials only through the environment.
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GitRepository } from '../../shared/git/git-repository.ts';
import type { GitCredentials, GitOptions } from '../../shared/git/git-repository.ts';
import { registerWorklogMergeDriver } from '../../shared/git/worklog-merge-driver.ts';
import { CONTROLLER_PUSH_BACKOFF } from '../../shared/git/push-with-retry.ts';
import type { TractRepo } from '../api/tract-repo.ts';
import type { GitSecret } from '../secrets/resolve-repo-secrets.ts';

export const REMOTE = 'origin';

export interface CloneContext {
  /** The clone was already checked against this spec's url and branch: skip the check. */
  verified?: boolean;
  /** `<state>/<namespace>/<name>`. */
  repoDir: string;
  /** Base environment for git (the controller passes its own). */
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  onCommand?: GitOptions['onCommand'];
  /** The argv of the worklog merge driver, registered in the clone (git appends base, ours, theirs, path). */
  mergeDriver?: readonly string[];
}

export async function prepareClone(repo: TractRepo, secret: GitSecret | undefined, context: CloneContext): Promise<GitRepository> {
  const options: GitOptions = {
    isolateConfig: true,
    pushBackoff: CONTROLLER_PUSH_BACKOFF,
    timeoutMs: context.timeoutMs,
    env: context.env,
    ...(context.onCommand ? { onCommand: context.onCommand } : {}),
  };
  const credentials = await gitCredentials(secret, context.repoDir);
  if (credentials) options.credentials = credentials;
  const dir = join(context.repoDir, 'clone');
  if (await exists(join(dir, '.git'))) {
    if (!context.verified) await removeStaleLocks(dir, repo.spec.git.branch);
    const existing = await GitRepository.open(dir, options);
    if (context.verified) return existing;
    if (await matches(existing, repo)) return withMergeDriver(existing, repo, context);
    await rm(dir, { recursive: true, force: true });
  }
  // Clone beside the target and rename, so an interrupted clone never leaves a half-made directory.
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await GitRepository.clone(repo.spec.git.url, partial, repo.spec.git.branch, options);
  await rename(partial, dir);
  return withMergeDriver(await GitRepository.open(dir, options), repo, context);
}

async function withMergeDriver(git: GitRepository, repo: TractRepo, context: CloneContext): Promise<GitRepository> {
  if (context.mergeDriver) await registerWorklogMergeDriver(git, context.mergeDriver, repo.spec.git.path);
  return git;
}

/**
 * A controller killed (SIGKILL, OOM) in the middle of a git command leaves git's lock files behind, and git
 * then refuses every later command ("index.lock: File exists") — the write-back would fail forever. The
 * first pass of a process over a clone (not yet `verified`) runs inside the repo's lock before any git
 * command of this process touched the clone, so any lock there is stale.
 */
async function removeStaleLocks(dir: string, branch: string): Promise<void> {
  const locks = ['index.lock', 'HEAD.lock', 'packed-refs.lock', 'shallow.lock', `refs/heads/${branch}.lock`, `refs/remotes/${REMOTE}/${branch}.lock`];
  await Promise.all(locks.map((lock) => rm(join(dir, '.git', lock), { force: true })));
}

async function matches(git: GitRepository, repo: TractRepo): Promise<boolean> {
  const [url, branch] = await Promise.all([git.remoteUrl(REMOTE), git.currentBranch().catch(() => undefined)]);
  return url === repo.spec.git.url && branch === repo.spec.git.branch;
}

async function gitCredentials(secret: GitSecret | undefined, repoDir: string): Promise<GitCredentials | undefined> {
  if (!secret) return undefined;
  if (secret.kind !== 'ssh') return secret.kind === 'basic' ? { kind: 'basic', username: secret.username, password: secret.password } : { kind: 'bearer', token: secret.token };
  const dir = join(repoDir, 'ssh');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const identityFile = join(dir, 'identity');
  const knownHostsFile = join(dir, 'known_hosts');
  await writeFile(identityFile, secret.identity.endsWith('\n') ? secret.identity : `${secret.identity}\n`, { mode: 0o600 });
  await writeFile(knownHostsFile, secret.knownHosts, { mode: 0o600 });
  return { kind: 'ssh', identityFile, knownHostsFile };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** `<state>/<namespace>/<name>`. */
export function repoStateDir(stateDir: string, namespace: string, name: string): string {
  return join(stateDir, namespace, name);
}
