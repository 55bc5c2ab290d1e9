/**
 * Keeps one list+watch stream alive (docs/operator.md): client-node's ListWatch stops for
 * good on any error other than 410 Gone, never relists by itself and cannot tell a silently dead watch
 * from a quiet one. This restarts a fresh stream (a full relist) on error with exponential backoff,
 * when no event arrived for `lastSeenLimitMs` (watchdog), and every `relistIntervalMs` (periodic
 * relist, as Pepr and kubernetes-fluent-client do). Each restart is reported to `onRestart`.
 */
import type { Logger } from '../logging/create-logger.ts';
import type { TimerHandle, Timers } from '../workqueue/timers.ts';

/** What one stream delivers: the result of its (re)list, then watch events. */
export interface StreamHandlers<T> {
  onList(items: readonly T[]): void;
  onUpsert(object: T): void;
  onDelete(object: T): void;
  /** The stream has stopped for good. */
  onError(err: unknown): void;
}

export interface WatchStream {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type StreamFactory<T> = (handlers: StreamHandlers<T>) => WatchStream;

export type RestartReason = 'error' | 'watchdog' | 'relist';

export interface RestartPolicy {
  backoffMinMs: number;
  backoffMaxMs: number;
  /** Relist when nothing arrived for this long. */
  lastSeenLimitMs: number;
  /** Relist this often whatever happens. */
  relistIntervalMs: number;
}

/** Pepr's watch defaults (docs/operator.md, "TractRepos: informer, predicates, relists"): relist every 10 min, last-seen limit 5 min; client-go-like backoff. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = { backoffMinMs: 1000, backoffMaxMs: 60_000, lastSeenLimitMs: 300_000, relistIntervalMs: 600_000 };

export interface RestartingInformerOptions<T> {
  name: string;
  factory: StreamFactory<T>;
  handlers: Omit<StreamHandlers<T>, 'onError'>;
  timers: Timers;
  logger: Logger;
  policy?: Partial<RestartPolicy>;
  onRestart?: (reason: RestartReason) => void;
  /** 0 ≤ x < 1; spreads backoff delays by up to +20 %. */
  random?: () => number;
}

export class RestartingInformer<T> {
  readonly #options: RestartingInformerOptions<T>;
  readonly #policy: RestartPolicy;
  #generation = 0;
  #stream: WatchStream | undefined;
  #failures = 0;
  #lastSeenMs = 0;
  #synced = false;
  #stopped = true;
  #relistTimer: TimerHandle | undefined;
  #watchdogTimer: TimerHandle | undefined;
  #restartTimer: TimerHandle | undefined;
  readonly #syncWaiters: (() => void)[] = [];

  constructor(options: RestartingInformerOptions<T>) {
    this.#options = options;
    this.#policy = { ...DEFAULT_RESTART_POLICY, ...options.policy };
  }

  /** True once a list has succeeded (and stays true across restarts: the cache is kept meanwhile). */
  get synced(): boolean {
    return this.#synced;
  }

  /** Consecutive failed (re)starts; 0 once a stream has listed and connected its watch. */
  get failures(): number {
    return this.#failures;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#launch();
  }

  /** Resolves after the first successful list. */
  whenSynced(): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#generation += 1;
    this.#clearTimers();
    const stream = this.#stream;
    this.#stream = undefined;
    await stream?.stop().catch(() => undefined);
  }

  #launch(): void {
    const generation = ++this.#generation;
    const current = (): boolean => generation === this.#generation && !this.#stopped;
    const { handlers } = this.#options;
    const stream = this.#options.factory({
      onList: (items) => {
        if (!current()) return;
        this.#seen();
        this.#markSynced();
        handlers.onList(items);
      },
      onUpsert: (object) => {
        if (!current()) return;
        this.#seen();
        handlers.onUpsert(object);
      },
      onDelete: (object) => {
        if (!current()) return;
        this.#seen();
        handlers.onDelete(object);
      },
      onError: (err) => {
        if (current()) this.#fail(err);
      },
    });
    this.#stream = stream;
    this.#lastSeenMs = this.#options.timers.nowMs();
    this.#armWatchdog();
    this.#relistTimer = this.#options.timers.setTimeout(() => this.#restart('relist'), this.#policy.relistIntervalMs);
    // start() resolves once the list succeeded and the watch is connected (a failed list reports
    // through onError first): only then is the backoff reset.
    stream.start().then(
      () => {
        if (current()) this.#failures = 0;
      },
      (err: unknown) => {
        if (current()) this.#fail(err);
      },
    );
  }

  #fail(err: unknown): void {
    this.#failures += 1;
    const base = Math.min(this.#policy.backoffMaxMs, this.#policy.backoffMinMs * 2 ** (this.#failures - 1));
    const delayMs = Math.round(base * (1 + 0.2 * (this.#options.random ?? Math.random)()));
    this.#options.logger.warn('watch failed: restarting with backoff', { informer: this.#options.name, failures: this.#failures, delayMs, error: err });
    this.#teardown();
    this.#options.onRestart?.('error');
    this.#restartTimer = this.#options.timers.setTimeout(() => {
      this.#restartTimer = undefined;
      if (!this.#stopped) this.#launch();
    }, delayMs);
  }

  #restart(reason: Exclude<RestartReason, 'error'>): void {
    if (this.#stopped) return;
    this.#options.logger.info('relisting', { informer: this.#options.name, reason });
    this.#teardown();
    this.#options.onRestart?.(reason);
    this.#launch();
  }

  /** Ends the current stream (its late callbacks are ignored: the generation moves on). */
  #teardown(): void {
    this.#generation += 1;
    this.#clearTimers();
    const stream = this.#stream;
    this.#stream = undefined;
    void stream?.stop().catch(() => undefined);
  }

  #seen(): void {
    this.#lastSeenMs = this.#options.timers.nowMs();
  }

  #armWatchdog(): void {
    const { timers } = this.#options;
    const dueMs = this.#lastSeenMs + this.#policy.lastSeenLimitMs;
    this.#watchdogTimer = timers.setTimeout(() => {
      this.#watchdogTimer = undefined;
      if (timers.nowMs() - this.#lastSeenMs >= this.#policy.lastSeenLimitMs) this.#restart('watchdog');
      else this.#armWatchdog();
    }, dueMs - timers.nowMs());
  }

  #markSynced(): void {
    if (this.#synced) return;
    this.#synced = true;
    for (const resolve of this.#syncWaiters.splice(0)) resolve();
  }

  #clearTimers(): void {
    const { timers } = this.#options;
    for (const handle of [this.#relistTimer, this.#watchdogTimer, this.#restartTimer]) if (handle) timers.clearTimeout(handle);
    this.#relistTimer = undefined;
    this.#watchdogTimer = undefined;
    this.#restartTimer = undefined;
  }
}
