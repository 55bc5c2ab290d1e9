import { formatRateLimitReset } from './jira-time.ts';
import { SlidingWindow } from './sliding-window.ts';

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** Rate limits of one simulator. Defaults follow docs/jira-api.md, "Rate limits". */
export interface RateLimitConfig {
  /** Writes to one issue's worklogs (all users together); `jira-per-issue-on-write`. */
  perIssueWrite: { enabled: boolean; windows: WindowLimit[] };
  /** Requests per user × endpoint × method; `jira-burst-based`. */
  burst: { enabled: boolean } & WindowLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  perIssueWrite: {
    enabled: true,
    windows: [
      { limit: 20, windowMs: 2_000 },
      { limit: 100, windowMs: 30_000 },
    ],
  },
  burst: { enabled: true, limit: 100, windowMs: 1_000 },
};

export type RateLimitReason = 'jira-per-issue-on-write' | 'jira-burst-based' | (string & {});

export interface RateVerdict {
  limited: boolean;
  limit: number;
  remaining: number;
  retryAfterMs: number;
  reason: RateLimitReason;
}

/** The 429 headers Jira sends (docs/jira-api.md, "Rate limits"): seconds in Retry-After, the reset as `yyyy-MM-ddTHH:mmZ`. */
export function rateLimitHeaders(verdict: RateVerdict, nowMs: number): Record<string, string> {
  return {
    'Retry-After': String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))),
    'X-RateLimit-Limit': String(verdict.limit),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': formatRateLimitReset(nowMs + verdict.retryAfterMs),
    'RateLimit-Reason': verdict.reason,
    'X-RateLimit-NearLimit': 'true',
  };
}

/** Checks and counts requests against the configured sliding windows. */
export class RateLimiter {
  config: RateLimitConfig;
  private readonly issueWindows = new Map<string, SlidingWindow[]>();
  private readonly burstWindows = new Map<string, SlidingWindow>();

  constructor(config: RateLimitConfig) {
    this.config = config;
  }

  configure(config: RateLimitConfig): void {
    this.config = config;
    this.reset();
  }

  reset(): void {
    this.issueWindows.clear();
    this.burstWindows.clear();
  }

  /** Counts one request of `userKey` on `endpoint` (method + path template) unless it is over the limit. */
  checkBurst(userKey: string, endpoint: string, nowMs: number): RateVerdict | undefined {
    const { enabled, limit, windowMs } = this.config.burst;
    if (!enabled) return undefined;
    const key = `${userKey} ${endpoint}`;
    let window = this.burstWindows.get(key);
    if (window === undefined) {
      window = new SlidingWindow(windowMs);
      this.burstWindows.set(key, window);
    }
    return take([window], [limit], 'jira-burst-based', nowMs);
  }

  /** Counts one worklog write on the issue unless one of its windows is full. */
  checkIssueWrite(issueId: string, nowMs: number): RateVerdict | undefined {
    const { enabled, windows } = this.config.perIssueWrite;
    if (!enabled || windows.length === 0) return undefined;
    let counters = this.issueWindows.get(issueId);
    if (counters === undefined) {
      counters = windows.map((w) => new SlidingWindow(w.windowMs));
      this.issueWindows.set(issueId, counters);
    }
    return take(counters, windows.map((w) => w.limit), 'jira-per-issue-on-write', nowMs);
  }
}

function take(windows: SlidingWindow[], limits: number[], reason: RateLimitReason, nowMs: number): RateVerdict {
  let tightest: RateVerdict = { limited: false, limit: Infinity, remaining: Infinity, retryAfterMs: 0, reason };
  for (const [index, window] of windows.entries()) {
    const limit = limits[index] ?? Infinity;
    const used = window.count(nowMs);
    if (used >= limit) return { limited: true, limit, remaining: 0, retryAfterMs: window.msUntilSlot(nowMs), reason };
    if (limit - used - 1 < tightest.remaining) {
      tightest = { limited: false, limit, remaining: limit - used - 1, retryAfterMs: 0, reason };
    }
  }
  for (const window of windows) window.record(nowMs);
  return tightest;
}
