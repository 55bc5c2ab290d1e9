/**
 * Shapes requests into the spec's batches: a batch is the requests waiting when it opens (at most
 * `size`), started together; the next batch opens no sooner than `intervalMs` after. Requests that
 * arrive while a batch is out wait for the next one, so batches stay crisp however requests trickle in.
 */
import type { LimiterTime } from './issue-write-limiter.ts';

export interface BatchShape {
  size: number;
  intervalMs: number;
}

export class BatchGate {
  readonly #shape: BatchShape;
  readonly #time: LimiterTime;
  readonly #waiting: (() => void)[] = [];
  #openedAt = Number.NEGATIVE_INFINITY;
  #timer = false;

  constructor(shape: BatchShape, time: LimiterTime) {
    this.#shape = shape;
    this.#time = time;
  }

  /** Resolves when the caller may send its request. */
  admit(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#timer || this.#waiting.length === 0) return;
    // Even when the gate is idle, wait one timer tick: requests of a burst arrive microseconds apart and
    // belong in the same batch.
    const wait = Math.max(0, this.#openedAt + this.#shape.intervalMs - this.#time.nowMs());
    this.#timer = true;
    void this.#time.sleep(wait).then(() => {
      this.#timer = false;
      this.#openedAt = this.#time.nowMs();
      for (const resolve of this.#waiting.splice(0, this.#shape.size)) resolve();
      this.#pump();
    });
  }
}
