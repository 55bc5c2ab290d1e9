import { AuthError, ConflictError, TractError, type TractError as TractErrorType } from '../../shared/core/tract-error.ts';
import type { Terminal } from '../output/terminal.ts';
import type { Workspace } from './open-workspace.ts';

export type PublishOutcome =
  | { kind: 'pushed'; commit: string; originUrl: string; branch: string; /** 1 unless the push had to rebase. */ attempts: number }
  | { kind: 'skipped'; originUrl: string | undefined }
  | { kind: 'no-remote' }
  | { kind: 'failed'; error: TractErrorType; originUrl: string };

/**
 * Pushes the current branch to `origin` when there is one, through the worklog repository: fetching and
 * rebasing on rejection, never forcing. A failed push is an outcome, not an exception: the commit is safe
 * locally.
 */
export async function publish(ws: Workspace, enabled: boolean): Promise<PublishOutcome> {
  const originUrl = await ws.repo.remoteUrl('origin');
  if (originUrl === undefined) return { kind: 'no-remote' };
  if (!enabled) return { kind: 'skipped', originUrl };
  try {
    const branch = await ws.repo.currentBranch();
    const result = await ws.worklogs.push('origin', branch, { strategy: 'rebase' });
    return { kind: 'pushed', commit: result.commit, originUrl, branch, attempts: result.attempts };
  } catch (err) {
    if (err instanceof TractError && err.kind !== 'internal') return { kind: 'failed', error: err, originUrl };
    throw err;
  }
}

/** Says on stderr what happened to an unpublished commit and how to publish it later. */
export function explainUnpublished(terminal: Terminal, outcome: PublishOutcome): void {
  if (outcome.kind === 'failed') terminal.warn(`Push failed: ${outcome.error.message} - the commit stays local; run \`tract push\` later`);
  if (outcome.kind === 'skipped') terminal.warn('Not pushed (--no-push): run `tract push` to publish');
}

/** Push failures the user must act on decide the exit code (3 auth, 4 conflict); network ones do not. */
export function publishFailure(outcome: PublishOutcome): TractErrorType | undefined {
  if (outcome.kind !== 'failed') return undefined;
  return outcome.error instanceof AuthError || outcome.error instanceof ConflictError ? outcome.error : undefined;
}
