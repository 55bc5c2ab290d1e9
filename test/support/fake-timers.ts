/**
 * Manual timers for unit tests of the controller's work queue and loops: time moves only when the test
 * calls `advance(ms)`, which fires due timers in order and lets their promise work settle in between.
 */
import type { TimerHandle, Timers } from '../../controller/workqueue/timers.ts';

interface Pending {
  id: number;
  dueMs: number;
  fn: () => void;
}

export class FakeTimers implements Timers {
  #nowMs = 0;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  nowMs(): number {
    return this.#nowMs;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    this.#pending.set(id, { id, dueMs: this.#nowMs + Math.max(0, ms), fn });
    return { timer: id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#pending.delete(handle.timer as number);
  }

  /** Due times of the timers not fired yet, ascending. */
  get dueTimes(): number[] {
    return [...this.#pending.values()].map((p) => p.dueMs).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, oldest first. */
  async advance(ms: number): Promise<void> {
    const target = this.#nowMs + ms;
    for (;;) {
      await settle();
      const next = [...this.#pending.values()].filter((p) => p.dueMs <= target).sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
      if (!next) break;
      this.#pending.delete(next.id);
      this.#nowMs = next.dueMs;
      next.fn();
    }
    this.#nowMs = target;
    await settle();
  }
}

/** Lets pending promise callbacks (and p-queue's scheduling) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
