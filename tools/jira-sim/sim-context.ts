import type { FaultRule, RuleSet } from './fault-rules.ts';
import type { Random } from './random.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RequestLog } from './request-log.ts';
import type { SimClock } from './sim-clock.ts';
import type { SimStore } from './sim-store.ts';
import type { SimFlavor, SimWorklog, WebhookEventName } from './sim-types.ts';

/** Minimal logger port (winston's shape); the simulator logs only unexpected failures. */
export interface SimLogger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

/** Where worklog events go; implemented by the webhook dispatcher. */
export interface WorklogEventSink {
  publish(event: WebhookEventName, snapshot: SimWorklog): void;
}

/** Everything a route needs, per simulator instance. */
export interface SimContext {
  store: SimStore;
  clock: SimClock;
  limiter: RateLimiter;
  flavor: SimFlavor;
  faults: RuleSet<FaultRule>;
  random: Random;
  requestLog: RequestLog;
  events: WorklogEventSink;
  logger: SimLogger;
  /** The feeds leave out changes younger than this (Jira: one minute). */
  feedDelayMs: number;
  /** Absolute base URL, e.g. `http://127.0.0.1:41234` (set once listening). */
  baseUrl: string;
}

export function snapshotWorklog(worklog: SimWorklog): SimWorklog {
  return { ...worklog, properties: new Map(worklog.properties) };
}
