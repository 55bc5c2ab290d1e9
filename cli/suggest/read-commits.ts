/**
 * Reads a developer's own commits of one day from a code repository, with the issue keys of the
 * issue-named branches that hold them (docs/cli-decisions.md, "Suggestions"). Own = author email equal
 * to the repository's `git config user.email` (git's own resolution: repository, global, includes).
 */
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { issueKeysIn, type DayCommit } from '../../shared/core/suggest-worklogs.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import { GitRunner } from '../../shared/git/git-runner.ts';
import type { Env } from '../command-context.ts';
import { gitOptionsFor } from '../workspace/open-workspace.ts';

export interface DayBounds {
  startMs: number;
  endMs: number;
}

const FIELD = '\x1f';
const DAY_MS = 86_400_000;

export function expandRepoPath(path: string, cwd: string, env: Env): string {
  const home = env.HOME ?? '';
  const expanded = path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
}

export async function readDayCommits(dir: string, day: DayBounds, env: Env): Promise<DayCommit[]> {
  if (!existsSync(dir)) throw new ValidationError(`Code repository ${dir} does not exist: check --repo or suggest.repos`, { reason: 'NoSuchRepo' });
  const git = new GitRunner(dir, gitOptionsFor(env));
  const email = (await git.run(['config', 'user.email'], { okExitCodes: [1] })).stdout.trim().toLowerCase();
  if (email === '') throw new ValidationError(`${dir} has no git user.email: set it (git config --global user.email …) so tract knows your commits`, { reason: 'NoGitIdentity' });
  // Committer dates bound git's walk (a day either side for rebased commits); author times decide.
  const window = [`--since=@${Math.floor((day.startMs - DAY_MS) / 1000)}`, `--until=@${Math.ceil((day.endMs + DAY_MS) / 1000)}`, `--author=${email}`, '--fixed-strings', '--regexp-ignore-case', '--no-merges'];
  const listed = await git.run(['log', '--branches', '--remotes', 'HEAD', ...window, `--format=%H${FIELD}%at${FIELD}%aE${FIELD}%s`, '--'], { okExitCodes: [128] });
  const repo = basename(dir);
  const commits = listed.stdout.split('\n').flatMap((line) => {
    const [hash, at, author, subject] = line.split(FIELD);
    const atMs = Number(at) * 1000;
    if (hash === undefined || !hash || author?.toLowerCase() !== email || atMs < day.startMs || atMs >= day.endMs) return [];
    return [{ repo, hash, at: atMs, subject: subject ?? '', branchKeys: [] as string[] }];
  });
  await addBranchKeys(git, commits, window);
  return commits;
}

/** Issue branches oldest tip first: a branch started from another one's tip adds only its own commits. */
async function addBranchKeys(git: GitRunner, commits: { hash: string; branchKeys: string[] }[], window: string[]): Promise<void> {
  if (commits.length === 0) return;
  const refs = (await git.run(['for-each-ref', '--sort=committerdate', '--format=%(refname:short)', 'refs/heads', 'refs/remotes'])).stdout.split('\n');
  const byHash = new Map(commits.map((commit) => [commit.hash, commit]));
  for (const ref of refs) {
    const keys = issueKeysIn(ref);
    if (keys.length === 0) continue;
    const reachable = (await git.run(['log', ref, ...window, '--format=%H', '--'])).stdout.split('\n');
    for (const hash of reachable) {
      const commit = byHash.get(hash);
      if (commit !== undefined && commit.branchKeys.length === 0) commit.branchKeys.push(...keys);
    }
  }
}
