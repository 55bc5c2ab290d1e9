/**
 * Per-key exponential backoff, as Flux's workqueue limiter (`--min-retry-delay=750ms`,
 * `--max-retry-delay=15m`): the n-th consecutive failure of a key waits min × 2^(n-1), capped at max;
 * a success forgets the key.
 */
export interface BackoffPolicy {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { minMs: 750, maxMs: 15 * 60_000 };

export class ItemBackoff {
  readonly #policy: BackoffPolicy;
  readonly #failures = new Map<string, number>();

  constructor(policy: BackoffPolicy = DEFAULT_BACKOFF) {
    this.#policy = policy;
  }

  /** Counts one more failure of `key` and returns how long to wait before the next try. */
  next(key: string): number {
    const failures = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, failures);
    // 2^failures overflows to Infinity long after the cap: Math.min keeps it finite.
    return Math.min(this.#policy.maxMs, this.#policy.minMs * 2 ** (failures - 1));
  }

  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }
}
