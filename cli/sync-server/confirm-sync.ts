import { ERROR_REASONS, decodeReason, type TractErrorReason } from '../../shared/core/error-reasons.ts';
import { AuthError, TransientError, ValidationError, type TractError } from '../../shared/core/tract-error.ts';
import type { Terminal } from '../output/terminal.ts';
import { resolveSyncRepo } from './resolve-sync-repo.ts';
import { AUTH_FAILURE_REASONS, type WorklogSyncState } from './sync-api-types.ts';
import type { SyncServerClient } from './sync-server-client.ts';
import { waitForSync, type WaitForSyncResult } from './wait-for-sync.ts';

export interface ConfirmSyncInput {
  client: SyncServerClient;
  configuredRepo: string | undefined;
  originUrl: string | undefined;
  ids: readonly string[];
  timeoutMs: number;
  terminal: Terminal;
}

/**
 * Asks the server to sync this repo now (when it can tell which TractRepo this clone is), then waits
 * for every id to reach a final state. Without a trigger the controller still finds the commit on its
 * next poll, so a failed trigger is only a warning.
 */
export async function confirmSync(input: ConfirmSyncInput): Promise<WaitForSyncResult> {
  await triggerSync(input);
  if (input.ids.length === 0 || input.timeoutMs <= 0) return { settled: [], unconfirmed: [...input.ids] };
  return waitForSync(input.client, input.ids, { timeoutMs: input.timeoutMs });
}

async function triggerSync(input: ConfirmSyncInput): Promise<void> {
  try {
    const ref = await resolveSyncRepo(input.client, input.configuredRepo, input.originUrl);
    if (ref === undefined) return;
    const outcome = await input.client.pushSyncRequest(ref);
    if (outcome === 'suspended') input.terminal.warn(`TractRepo ${ref} is suspended on the sync server: nothing will sync until it is resumed`);
    if (outcome === 'not-found') input.terminal.warn(`The sync server does not manage ${ref}: check sync.repo`);
  } catch (err) {
    if (!(err instanceof TransientError)) throw err;
    input.terminal.warn(`Could not ask the sync server to sync now (${err.message}); it will pick the commit up on its next poll`);
  }
}

/** The text after `✗ Sync error: ` for a failed record. */
export function failureMessage(state: WorklogSyncState): string {
  if (state.state === 'deleted') return `worklog ${state.id} was deleted in Jira`;
  return state.error?.message ?? `worklog ${state.id} failed to sync`;
}

/** The exit-code-deciding error for sync failures: 3 when Jira refused the credentials, else 2. */
export function syncFailureError(failed: readonly WorklogSyncState[]): TractError | undefined {
  const [first] = failed;
  if (first === undefined) return undefined;
  const auth = failed.find((state) => isAuthFailure(reasonOf(state)));
  if (auth !== undefined) return new AuthError(failureMessage(auth), { reason: reasonOf(auth) });
  return new ValidationError(failureMessage(first), { reason: reasonOf(first) ?? 'SyncFailed' });
}

/** The failure's reason as sent by the server, when it is one Tract knows (a record may also fail with an error kind). */
function reasonOf(state: WorklogSyncState): TractErrorReason | undefined {
  return decodeReason(ERROR_REASONS, state.error?.reason);
}

function isAuthFailure(reason: TractErrorReason | undefined): boolean {
  return reason !== undefined && AUTH_FAILURE_REASONS.has(reason);
}

export function isFailure(state: WorklogSyncState): boolean {
  return state.state === 'failed' || state.state === 'deleted';
}
