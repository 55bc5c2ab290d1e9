import { TransientError } from '../../shared/core/tract-error.ts';
import type { SyncServerClient } from './sync-server-client.ts';
import type { WorklogSyncState } from './sync-api-types.ts';

export interface WaitForSyncOptions {
  timeoutMs: number;
  pollIntervalMs?: number;
  /** Injected in unit tests; real timers otherwise. */
  sleep?: (ms: number) => Promise<void>;
  nowMs?: () => number;
}

export interface WaitForSyncResult {
  /** Records that reached a final state: synced, failed or deleted. */
  settled: WorklogSyncState[];
  /** Ids still unknown or pending when the time ran out. */
  unconfirmed: string[];
}

const FINAL_STATES: ReadonlySet<string> = new Set(['synced', 'failed', 'deleted']);

/**
 * Polls `GET /api/v1/worklogs/<id>` for every id until each has a final state or `timeoutMs` has
 * passed. A 404 ("not seen yet") and transient failures keep it waiting; other errors end it.
 */
export async function waitForSync(
  client: Pick<SyncServerClient, 'fetchWorklogState'>,
  ids: readonly string[],
  options: WaitForSyncOptions,
): Promise<WaitForSyncResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const nowMs = options.nowMs ?? (() => performance.now());
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const deadline = nowMs() + options.timeoutMs;
  const settled = new Map<string, WorklogSyncState>();
  let open = [...new Set(ids)];
  for (;;) {
    const answers = await Promise.all(open.map((id) => fetchStateTolerant(client, id)));
    for (const state of answers) if (state !== undefined && FINAL_STATES.has(state.state)) settled.set(state.id, state);
    open = open.filter((id) => !settled.has(id));
    const leftMs = deadline - nowMs();
    if (open.length === 0 || leftMs <= 0) break;
    await sleep(Math.min(pollIntervalMs, leftMs));
  }
  return { settled: ids.flatMap((id) => settled.get(id) ?? []).filter(unique), unconfirmed: open };
}

function unique(state: WorklogSyncState, index: number, all: WorklogSyncState[]): boolean {
  return all.findIndex((other) => other.id === state.id) === index;
}

async function fetchStateTolerant(
  client: Pick<SyncServerClient, 'fetchWorklogState'>,
  id: string,
): Promise<WorklogSyncState | undefined> {
  try {
    const state = await client.fetchWorklogState(id);
    return state === undefined ? undefined : { ...state, id };
  } catch (err) {
    if (err instanceof TransientError) return undefined;
    throw err;
  }
}
