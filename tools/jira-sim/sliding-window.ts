/**
 * Counts events in a sliding time window. Timestamps are kept in arrival order; expired ones are dropped
 * from the front lazily, so `count` and `record` are amortised O(1).
 */
export class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  count(nowMs: number): number {
    this.expire(nowMs);
    return this.times.length - this.head;
  }

  record(nowMs: number): void {
    this.times.push(nowMs);
  }

  /** Milliseconds until the oldest event in the window leaves it. */
  msUntilSlot(nowMs: number): number {
    this.expire(nowMs);
    const oldest = this.times[this.head];
    return oldest === undefined ? 0 : Math.max(1, oldest + this.windowMs - nowMs);
  }

  private expire(nowMs: number): void {
    const cutoff = nowMs - this.windowMs;
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}
