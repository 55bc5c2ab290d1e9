/**
 * Keeps Tract under Jira's per-issue write limit (20 writes per 2 s and 100 per 30 s on one issue,
 * `RateLimit-Reason: jira-per-issue-on-write`) and honours a 429 for one issue by holding only that
 * issue's writes, as Atlassian advises (docs/jira-sim.md, "Rate limits").
 */

export interface WriteWindow {
  count: number;
  windowMs: number;
}

export const JIRA_PER_ISSUE_WINDOWS: readonly WriteWindow[] = [
  { count: 20, windowMs: 2_000 },
  { count: 100, windowMs: 30_000 },
];

export interface LimiterTime {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export class IssueWriteLimiter {
  readonly #windows: readonly WriteWindow[];
  readonly #time: LimiterTime;
  readonly #writes = new Map<string, number[]>();
  readonly #holdUntil = new Map<string, number>();

  constructor(time: LimiterTime, windows: readonly WriteWindow[] = JIRA_PER_ISSUE_WINDOWS) {
    this.#time = time;
    this.#windows = windows;
  }

  /** Waits until a write to `issueKey` fits every window, then records it. */
  async acquire(issueKey: string): Promise<void> {
    for (let wait = this.waitMs(issueKey); wait > 0; wait = this.waitMs(issueKey)) {
      await this.#time.sleep(wait);
    }
    const writes = this.#writes.get(issueKey) ?? [];
    writes.push(this.#time.nowMs());
    this.#writes.set(issueKey, writes);
  }

  /** Holds writes to one issue (after Jira's per-issue 429). */
  hold(issueKey: string, ms: number): void {
    const until = this.#time.nowMs() + ms;
    this.#holdUntil.set(issueKey, Math.max(until, this.#holdUntil.get(issueKey) ?? 0));
  }

  /** How long a write to `issueKey` must wait now; 0 when it may go. */
  waitMs(issueKey: string): number {
    const now = this.#time.nowMs();
    const longest = Math.max(...this.#windows.map((w) => w.windowMs));
    const writes = (this.#writes.get(issueKey) ?? []).filter((t) => now - t < longest);
    if (writes.length) this.#writes.set(issueKey, writes);
    else this.#writes.delete(issueKey);
    let wait = Math.max(0, (this.#holdUntil.get(issueKey) ?? 0) - now);
    for (const window of this.#windows) {
      const inWindow = writes.filter((t) => now - t < window.windowMs);
      if (inWindow.length >= window.count) {
        const oldestThatMustExpire = inWindow[inWindow.length - window.count] ?? now;
        wait = Math.max(wait, oldestThatMustExpire + window.windowMs - now);
      }
    }
    return wait;
  }
}
