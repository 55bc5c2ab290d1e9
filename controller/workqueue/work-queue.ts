/**
 * A per-key work queue with client-go's semantics (docs/operator.md), which p-queue
 * alone does not give: a key waits in the queue at most once; a key is never processed by two workers at
 * once; a key added while it is being processed is marked dirty and processed again right after; delayed
 * adds (`addAfter`) keep only the earliest due time per key; failures back off per key (750 ms → 15 min)
 * and a success resets that. Workers are bounded by p-queue's concurrency.
 */
import PQueue from 'p-queue';
import { DEFAULT_BACKOFF, ItemBackoff } from './item-backoff.ts';
import type { BackoffPolicy } from './item-backoff.ts';
import type { TimerHandle, Timers } from './timers.ts';

/** What processing a key asks for next. */
export type WorkResult =
  /** Success: the key's backoff is reset; it comes back after `requeueAfterMs` (jittered), if given. */
  | { kind: 'done'; requeueAfterMs?: number }
  /** Failure: back off, waiting at least `minDelayMs` (a `Retry-After`). */
  | { kind: 'retry'; minDelayMs?: number }
  /**
   * A conflict: process again at once (refetch and retry now). It counts as a failure, and after
   * `MAX_IMMEDIATE_RETRIES` in a row it backs off instead, so a conflict that keeps coming cannot spin.
   */
  | { kind: 'now' }
  /** Nothing to do until something changes (stalled, suspended, deleted). */
  | { kind: 'stop' };

export const MAX_IMMEDIATE_RETRIES = 3;

export interface WorkQueueHooks {
  onDepth?(depth: number): void;
  onAdd?(key: string): void;
  onRetry?(key: string, delayMs: number): void;
  onWorkDone?(key: string, durationMs: number, result: WorkResult): void;
  /** A processor threw instead of returning a result (a bug): logged by the caller, retried with backoff. */
  onProcessorError?(key: string, err: unknown): void;
}

export interface WorkQueueOptions {
  concurrency: number;
  process(key: string): Promise<WorkResult>;
  timers: Timers;
  backoff?: BackoffPolicy;
  /** Spread of `addAfter` delays, ± this percentage (Flux: 5). */
  jitterPercent?: number;
  random?: () => number;
  hooks?: WorkQueueHooks;
}

export class WorkQueue {
  readonly #options: WorkQueueOptions;
  readonly #workers: PQueue;
  readonly #backoff: ItemBackoff;
  /** Waiting for a worker. */
  readonly #queued = new Set<string>();
  readonly #processing = new Set<string>();
  /** Added again while processing. */
  readonly #dirty = new Set<string>();
  readonly #delayed = new Map<string, { handle: TimerHandle; dueMs: number }>();
  #shuttingDown = false;

  constructor(options: WorkQueueOptions) {
    this.#options = options;
    this.#workers = new PQueue({ concurrency: Math.max(1, options.concurrency) });
    this.#backoff = new ItemBackoff(options.backoff ?? DEFAULT_BACKOFF);
  }

  /** Keys waiting for a worker. */
  get depth(): number {
    return this.#queued.size;
  }

  get processing(): number {
    return this.#processing.size;
  }

  /** Queues `key` now (coalesced with a waiting or running copy of it). */
  add(key: string): void {
    if (this.#shuttingDown) return;
    this.#options.hooks?.onAdd?.(key);
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#reportDepth();
    void this.#workers.add(() => this.#run(key));
  }

  /** Queues `key` after `ms` ± the configured jitter. */
  addAfter(key: string, ms: number): void {
    this.#schedule(key, this.#jitter(ms));
  }

  /** Whether `key` waits, runs or has a delayed add pending. */
  has(key: string): boolean {
    return this.#queued.has(key) || this.#processing.has(key) || this.#delayed.has(key);
  }

  /** Consecutive failures of `key` so far. */
  failures(key: string): number {
    return this.#backoff.failures(key);
  }

  /** Forgets `key`'s delayed add and backoff (it is no longer managed). A running pass finishes. */
  forget(key: string): void {
    this.#cancelDelayed(key);
    this.#backoff.forget(key);
  }

  /** Resolves when nothing waits or runs (delayed adds don't count). */
  async onIdle(): Promise<void> {
    await this.#workers.onIdle();
  }

  /** Takes no more work: drops waiting keys and timers, then waits for the running passes. */
  async shutDown(): Promise<void> {
    this.#shuttingDown = true;
    for (const key of [...this.#delayed.keys()]) this.#cancelDelayed(key);
    this.#workers.clear();
    this.#queued.clear();
    this.#dirty.clear();
    this.#reportDepth();
    await this.#workers.onIdle();
  }

  async #run(key: string): Promise<void> {
    this.#queued.delete(key);
    this.#reportDepth();
    if (this.#shuttingDown) return;
    this.#cancelDelayed(key);
    this.#processing.add(key);
    const startedMs = this.#options.timers.nowMs();
    let result: WorkResult;
    try {
      result = await this.#options.process(key);
    } catch (err) {
      this.#options.hooks?.onProcessorError?.(key, err);
      result = { kind: 'retry' };
    }
    this.#processing.delete(key);
    this.#options.hooks?.onWorkDone?.(key, this.#options.timers.nowMs() - startedMs, result);
    this.#follow(key, result);
    if (this.#dirty.delete(key)) this.add(key);
  }

  #follow(key: string, result: WorkResult): void {
    switch (result.kind) {
      case 'done':
        this.#backoff.forget(key);
        if (result.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
        return;
      case 'retry':
        this.#retry(key, Math.max(this.#backoff.next(key), result.minDelayMs ?? 0));
        return;
      case 'now': {
        const backoffMs = this.#backoff.next(key);
        this.#retry(key, this.#backoff.failures(key) <= MAX_IMMEDIATE_RETRIES ? 0 : backoffMs);
        return;
      }
      case 'stop':
        this.#backoff.forget(key);
    }
  }

  #retry(key: string, delayMs: number): void {
    this.#options.hooks?.onRetry?.(key, delayMs);
    this.#schedule(key, delayMs);
  }

  #schedule(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const dueMs = this.#options.timers.nowMs() + delayMs;
    const existing = this.#delayed.get(key);
    if (existing && existing.dueMs <= dueMs) return;
    if (existing) this.#options.timers.clearTimeout(existing.handle);
    const handle = this.#options.timers.setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, delayMs);
    this.#delayed.set(key, { handle, dueMs });
  }

  #cancelDelayed(key: string): void {
    const existing = this.#delayed.get(key);
    if (!existing) return;
    this.#options.timers.clearTimeout(existing.handle);
    this.#delayed.delete(key);
  }

  #jitter(ms: number): number {
    const spread = (this.#options.jitterPercent ?? 0) / 100;
    const random = this.#options.random ?? Math.random;
    return Math.max(0, Math.round(ms * (1 + spread * (2 * random() - 1))));
  }

  #reportDepth(): void {
    this.#options.hooks?.onDepth?.(this.#queued.size);
  }
}
