import { join } from 'node:path';
import { ConflictError } from '../core/tract-error.ts';
import type { GitRunner } from './git-runner.ts';
import type { MetadataFiles } from './metadata-files.ts';
import { parseNulList } from './parse-git-output.ts';

/** Where git keeps a repository's rebase state, and how to look at it. */
export interface RebaseState {
  gitDir: string;
  files: MetadataFiles;
}

/**
 * Rebases the current branch onto `upstream` (a push's retry after a rejection, docs/git.md). The rebase honours
 * `.gitattributes` (merge=union) and autostashes; on a conflict it aborts, leaving the repository as it was, and
 * throws a ConflictError naming the conflicted files. An unfinished rebase of the user's is never touched.
 */
export async function rebaseOnto(git: GitRunner, state: RebaseState, upstream: string, label: string): Promise<void> {
  if (await rebaseInProgress(state)) {
    throw new ConflictError('a rebase is already in progress: finish it (`git rebase --continue`) or `git rebase --abort`, then push', {
      reason: 'RebaseInProgress',
    });
  }
  try {
    await git.run(['rebase', '--quiet', '--autostash', upstream]);
  } catch (error) {
    if (!(await rebaseInProgress(state))) throw error;
    const conflicted = await git.run(['diff', '--name-only', '-z', '--diff-filter=U']).then(
      (result) => parseNulList(result.stdout),
      () => [],
    );
    await git.run(['rebase', '--abort']);
    const where = conflicted.length > 0 ? ` in ${conflicted.join(', ')}` : '';
    throw new ConflictError(
      `cannot rebase onto ${label}: your commits conflict with the remote's${where}; run \`git pull --rebase\`, resolve, then push`,
      { reason: 'RebaseConflict' },
    );
  }
}

async function rebaseInProgress(state: RebaseState): Promise<boolean> {
  const markers = ['rebase-merge', 'rebase-apply'].map((name) => state.files.kind(join(state.gitDir, name)));
  return (await Promise.all(markers)).some((kind) => kind !== undefined);
}
