/**
 * One queue per Jira site, shared by every repository that syncs to it (docs/to-jira.md, "Rate policy"):
 * requests go out in batches of `batchSize`, one in flight, their starts `batchIntervalMs` apart as Jira
 * receives them (10 per batch, 100 ms apart); a 429 pauses the whole site for `Retry-After` (or one issue,
 * for the per-issue write limit), and transient failures are retried with bounded, jittered exponential
 * backoff (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/: 5 s doubling to 30 s,
 * ×0.7–1.3). Callers name a method of the `JiraWorklogs` port (`call`); whether it may be repeated after an
 * unknown outcome, and which issue's write limit it counts against, come from `JIRA_CALLS` beside the port.
 */
import PQueue from 'p-queue';
import { TransientError } from '../core/tract-error.ts';
import { JiraRateLimited, isOutcomeUnknown } from './classify-jira-failure.ts';
import { BatchGate } from './batch-gate.ts';
import { IssueWriteLimiter } from './issue-write-limiter.ts';
import type { LimiterTime, WriteWindow } from './issue-write-limiter.ts';
import { JIRA_CALLS } from './jira-worklogs.ts';
import type { JiraCall, JiraCalls, JiraWorklogs } from './jira-worklogs.ts';

export interface SitePolicy {
  batchSize: number;
  batchIntervalMs: number;
  /** Retries of one request after a transient failure or a 429. */
  maxRetries: number;
  /** Backoff when Jira gives no `Retry-After`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** A `Retry-After` longer than this fails the request (it stays pending for the next round). */
  maxWaitMs: number;
  perIssueWindows?: readonly WriteWindow[];
}

export const DEFAULT_SITE_POLICY: SitePolicy = {
  batchSize: 10,
  batchIntervalMs: 100,
  maxRetries: 4,
  initialBackoffMs: 5_000,
  maxBackoffMs: 30_000,
  maxWaitMs: 120_000,
};

/** Clock and timer granularity (1 ms each), added to every batch gap so that it is never a hair short. */
const TIMER_GUARD_MS = 5;

export interface SiteQueueEvents {
  onRateLimited?(scope: 'issue' | 'site', limitReason: string, waitMs: number): void;
  onRetry?(err: TransientError, attempt: number, waitMs: number): void;
}

interface RunOptions {
  /** The issue a write goes to (per-issue limit); absent for reads. */
  issueKey?: string;
  /** Safe to repeat when the outcome is unknown (`JIRA_CALLS`). */
  idempotent: boolean;
}

/** What a call of `method` resolves to. */
export type CallResult<C extends JiraCall> = Awaited<ReturnType<JiraCalls[C]>>;

export class JiraSiteQueue {
  readonly site: string;
  readonly #policy: SitePolicy;
  readonly #queue: PQueue;
  readonly #limiter: IssueWriteLimiter;
  readonly #gate: BatchGate;
  readonly #time: LimiterTime & { random(): number };
  readonly #events: SiteQueueEvents;
  #resumeAt = 0;
  #pauseToken = 0;

  constructor(site: string, policy: SitePolicy, time: LimiterTime & { random(): number }, events: SiteQueueEvents = {}) {
    this.site = site;
    this.#policy = policy;
    this.#time = time;
    this.#events = events;
    // p-queue bounds the requests waiting at the gate or in flight and pauses the site; the gate shapes
    // them into batches, one in flight at a time.
    this.#queue = new PQueue({ concurrency: policy.batchSize });
    this.#gate = new BatchGate({ size: policy.batchSize, intervalMs: policy.batchIntervalMs + TIMER_GUARD_MS }, time);
    this.#limiter = new IssueWriteLimiter(time, policy.perIssueWindows);
  }

  /** Requests waiting or running on this site. */
  get pending(): number {
    return this.#queue.size + this.#queue.pending;
  }

  /**
   * Sends `jira.<method>(...args)` through the site's queue: batched, paced, retried when transient. A
   * call that is not idempotent (a create) is never repeated when its outcome is unknown: the error goes
   * back to the caller, which looks for the worklog before it creates again.
   */
  async call<C extends JiraCall>(jira: JiraWorklogs, method: C, ...args: Parameters<JiraCalls[C]>): Promise<CallResult<C>> {
    const kind = JIRA_CALLS[method];
    const send = jira[method] as unknown as (...sent: unknown[]) => Promise<CallResult<C>>;
    const [issueKey] = args as readonly unknown[];
    const options: RunOptions = { idempotent: kind.idempotent, ...(kind.issueWrite && typeof issueKey === 'string' ? { issueKey } : {}) };
    return this.#run(() => send.apply(jira, args), options);
  }

  async #run<T>(fn: () => Promise<T>, options: RunOptions): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.#runOnce(fn, options);
      } catch (err) {
        const waitMs = this.#retryWait(err, attempt, options);
        if (waitMs === undefined) throw err;
        this.#events.onRetry?.(err as TransientError, attempt + 1, waitMs);
        if (!(err instanceof JiraRateLimited)) await this.#time.sleep(waitMs);
      }
    }
  }

  async #runOnce<T>(fn: () => Promise<T>, options: RunOptions): Promise<T> {
    return this.#queue.add(async () => {
      if (options.issueKey) await this.#limiter.acquire(options.issueKey);
      return this.#gate.run(fn);
    });
  }

  /** How long to wait before retrying, or undefined to give up and rethrow. */
  #retryWait(err: unknown, attempt: number, options: RunOptions): number | undefined {
    if (!(err instanceof TransientError) || attempt >= this.#policy.maxRetries) return undefined;
    if (isOutcomeUnknown(err) && !options.idempotent) return undefined;
    const waitMs = err.retryAfterMs ?? this.#backoffMs(attempt);
    if (waitMs > this.#policy.maxWaitMs) return undefined;
    if (err instanceof JiraRateLimited) this.#rateLimited(err, waitMs, options.issueKey);
    return waitMs;
  }

  #rateLimited(err: JiraRateLimited, waitMs: number, issueKey: string | undefined): void {
    this.#events.onRateLimited?.(err.scope, err.limitReason, waitMs);
    if (err.scope === 'issue' && issueKey) {
      this.#limiter.hold(issueKey, waitMs);
      return;
    }
    this.pauseFor(waitMs);
  }

  /** Stops starting requests on this site for `ms` (requests in flight finish). */
  pauseFor(ms: number): void {
    const resumeAt = this.#time.nowMs() + ms;
    if (resumeAt <= this.#resumeAt) return;
    this.#resumeAt = resumeAt;
    this.#queue.pause();
    // Only the latest pause resumes the queue; comparing clocks here would hang when a timer fires early.
    const token = ++this.#pauseToken;
    void this.#time.sleep(ms).then(() => {
      if (token === this.#pauseToken) this.#queue.start();
    });
  }

  #backoffMs(attempt: number): number {
    const base = Math.min(this.#policy.maxBackoffMs, this.#policy.initialBackoffMs * 2 ** attempt);
    return Math.round(base * (0.7 + 0.6 * this.#time.random()));
  }
}
