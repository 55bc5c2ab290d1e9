import type { Clock } from '../../shared/core/clock.ts';

/**
 * The simulator's notion of "now": a base clock plus an offset that `advance` moves forward, so tests can
 * step past the feeds' withheld minute or a rate-limit window without waiting.
 */
export class SimClock {
  private readonly base: Clock;
  private offsetMs = 0;

  constructor(base: Clock) {
    this.base = base;
  }

  nowMs(): number {
    return this.base.now().getTime() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
