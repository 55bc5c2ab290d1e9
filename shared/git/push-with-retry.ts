import { setTimeout as delay } from 'node:timers/promises';
import { ConflictError, TractError } from '../core/tract-error.ts';
import type { OnRejected, PushBackoff, PushResult } from './git-types.ts';

export const DEFAULT_PUSH_ATTEMPTS = 5;
export const DEFAULT_PUSH_BACKOFF = { baseMs: 100, maxMs: 2_000 } as const;
/**
 * The controller's write-backs race every developer of the repository: more attempts, each after a
 * jittered wait of up to 5 s (about a minute in all, docs/git.md). One that still fails is redone at
 * the next pass from the sync state, so nothing is lost.
 */
export const CONTROLLER_PUSH_ATTEMPTS = 15;
export const CONTROLLER_PUSH_BACKOFF = { baseMs: 200, maxMs: 5_000 } as const;

/** The git steps a push with retries needs, bound to one repository. */
export interface PushSteps {
  /** One `git push`, never forced. Throws ConflictError `PushRejected` when the remote moved on. */
  pushOnce(): Promise<void>;
  /** The local branch's tip. */
  localTip(): Promise<string>;
  /** Fetches and returns the remote tip. */
  fetchTip(): Promise<string>;
  /** Rebases the local branch onto the fetched tip; ConflictError when that needs a human. */
  rebaseOntoFetched(): Promise<void>;
  resetHard(commit: string): Promise<void>;
}

export interface PushPlan {
  onRejected: OnRejected;
  maxAttempts: number;
  backoff: PushBackoff;
  /** Injected in tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Pushes; when the remote moved on, waits a bounded, jittered while, catches up by the plan's strategy
 * (CLI: rebase; controller: reset to the remote tip and re-apply) and tries again. Never forces.
 */
export async function pushWithRetry(steps: PushSteps, plan: PushPlan): Promise<PushResult> {
  const sleep = plan.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
  for (let attempt = 1; ; attempt += 1) {
    try {
      await steps.pushOnce();
      return { commit: await steps.localTip(), attempts: attempt };
    } catch (error) {
      if (!isRejection(error)) throw error;
      if (attempt >= plan.maxAttempts) throw exhausted(plan.maxAttempts, error);
    }
    await sleep(backoffDelayMs(attempt, plan.backoff, plan.random ?? Math.random));
    const tip = await steps.fetchTip();
    if (plan.onRejected.strategy === 'rebase') {
      await steps.rebaseOntoFetched();
      continue;
    }
    await steps.resetHard(tip);
    if (!(await plan.onRejected.reapply(tip))) return { commit: tip, attempts: attempt };
  }
}

/** Exponential from `baseMs`, capped at `maxMs`, with jitter in [50 %, 100 %] so writers spread out. */
export function backoffDelayMs(attempt: number, backoff: PushBackoff, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

function isRejection(error: unknown): boolean {
  return error instanceof TractError && error.kind === 'conflict' && error.reason === 'PushRejected';
}

/** The last rejection, with git's own reason, and how often it was tried. */
function exhausted(attempts: number, last: unknown): ConflictError {
  const reason = last instanceof Error ? last.message : 'rejected';
  return new ConflictError(`${reason} (still rejected after ${attempts} attempts because others keep pushing; try again in a moment)`, {
    reason: 'PushRejected',
  });
}
