/**
 * Shapes requests into batches that Jira *receives* as promised (docs/to-jira.md, "Batches"): a batch is
 * the requests waiting when it opens (at most `size`), started together; one batch is in flight at a
 * time, and the next opens only when every request of the previous one is answered and at least
 * `intervalMs` after its first answer.
 *
 * Why the first answer: a request reaches Jira somewhere between leaving here and its answer coming back,
 * and a busy machine stretches that by tens of milliseconds. The first answer is the latest moment by which
 * Jira had seen the start of the previous batch, so the next batch starts at Jira at least `intervalMs`
 * after it, however late either batch travels. Spacing the starts on the sender's clock does not hold:
 * under load the simulator received 11 to 17 requests within 100 ms that way.
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
  #inFlight = 0;
  /** When the next batch may open; Infinity while the batch out has no answer yet. */
  #nextOpenAt = Number.NEGATIVE_INFINITY;
  #timer = false;

  constructor(shape: BatchShape, time: LimiterTime) {
    this.#shape = shape;
    this.#time = time;
  }

  /** Runs `send` in the next batch; its settling (answer or failure) counts as its answer. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      this.#pump();
    });
    try {
      return await send();
    } finally {
      this.#answered();
    }
  }

  #answered(): void {
    if (this.#nextOpenAt === Number.POSITIVE_INFINITY) this.#nextOpenAt = this.#time.nowMs() + this.#shape.intervalMs;
    this.#inFlight -= 1;
    this.#pump();
  }

  #pump(): void {
    if (this.#timer || this.#inFlight > 0 || this.#waiting.length === 0) return;
    // Even when the gate is idle, wait one timer tick: requests of a burst arrive microseconds apart and
    // belong in the same batch.
    const wait = Math.max(0, this.#nextOpenAt - this.#time.nowMs());
    this.#timer = true;
    void this.#time.sleep(wait).then(() => {
      this.#timer = false;
      const batch = this.#waiting.splice(0, this.#shape.size);
      this.#inFlight = batch.length;
      this.#nextOpenAt = Number.POSITIVE_INFINITY;
      for (const resolve of batch) resolve();
    });
  }
}
