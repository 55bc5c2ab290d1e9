/**
 * Takes journaled webhook events to the repos that claim them, in bursts: each repo's events are buffered
 * and flushed as one batch (one commit) when `flushSize` (200) are waiting or `flushDelayMs` (250 ms) after
 * the first one arrived. A repo has at most one flush running; what arrives meanwhile waits for the next.
 * A failed flush keeps its events and is retried with backoff. An event is marked done in the journal
 * once every repo that claimed it has pushed it, so events survive a crash until then.
 *
 * Routing (docs/controller.md): an event on a repo's own path goes to that repo; otherwise to the repos of the
 * event's site whose `projects` include the issue's project (resolved from `issueId`, cached). An issue
 * Jira no longer shows cannot be routed by project: its deletes go to every repo of the site (only a repo
 * that has the worklog changes), its upserts are dropped. Events nobody claims are reported and done.
 */
import type { JiraIssueRef } from '../../shared/jira/jira-worklogs.ts';
import { systemTimers } from '../workqueue/timers.ts';
import type { TimerHandle, Timers } from '../workqueue/timers.ts';
import { claims } from '../from-jira/apply-jira-events.ts';
import type { JiraEventInbox, JiraWebhookEvent } from './jira-event-inbox.ts';
import { normalizeJiraSite } from '../jira/jira-site-url.ts';
import type { FromJiraResult } from '../from-jira/sync-jira-to-repo.ts';

/** One TractRepo as the coalescer sees it. */
export interface CoalescedRepo {
  key: string;
  /** `spec.jira.url`. */
  site: string;
  projects: readonly string[];
  /** Applies a batch; the controller posts it in the Jira mailbox (jira-mailbox.ts) for the repo's next pass. */
  apply(events: readonly JiraWebhookEvent[]): Promise<FromJiraResult>;
}

export interface JiraChangeCoalescerOptions {
  inbox: Pick<JiraEventInbox, 'pending' | 'markDone' | 'subscribe'>;
  repos(): readonly CoalescedRepo[];
  /** Issue by id on a site; undefined when Jira says it does not exist (see `IssueRefCache`). */
  resolveIssue(site: string, issueId: string): Promise<JiraIssueRef | undefined>;
  timers?: Timers;
  flushSize?: number;
  flushDelayMs?: number;
  /** Backoff of a failed flush or routing: doubles from `minMs` to `maxMs`. */
  retry?: { minMs: number; maxMs: number };
  onUnclaimed?(event: JiraWebhookEvent): void;
  onFlushed?(repo: string, events: readonly JiraWebhookEvent[], result: FromJiraResult): void;
  onError?(repo: string | undefined, err: unknown): void;
}

interface RepoBuffer {
  events: JiraWebhookEvent[];
  timer?: TimerHandle;
  flushing: boolean;
  failures: number;
}

export class JiraChangeCoalescer {
  readonly #options: JiraChangeCoalescerOptions;
  readonly #timers: Timers;
  readonly #flushSize: number;
  readonly #flushDelayMs: number;
  readonly #retry: { minMs: number; maxMs: number };
  /** Events taken from the inbox → repos that still have to push them. */
  readonly #open = new Map<string, Set<string>>();
  readonly #buffers = new Map<string, RepoBuffer>();
  #routing: Promise<void> = Promise.resolve();
  #routeFailures = 0;
  #routeTimer: TimerHandle | undefined;
  #unsubscribe: (() => void) | undefined;
  #idleWaiters: (() => void)[] = [];
  #stopped = false;

  constructor(options: JiraChangeCoalescerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#flushSize = options.flushSize ?? 200;
    this.#flushDelayMs = options.flushDelayMs ?? 250;
    this.#retry = options.retry ?? { minMs: 1_000, maxMs: 60_000 };
  }

  /** Takes the events left in the journal (a restart) and every event accepted from now on. */
  start(): void {
    this.#stopped = false;
    this.#unsubscribe = this.#options.inbox.subscribe((event) => this.#takeEvents([event]));
    this.#take();
  }

  /** Stops taking events and waits for running flushes; buffered events stay in the journal. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#routeTimer !== undefined) this.#timers.clearTimeout(this.#routeTimer);
    for (const buffer of this.#buffers.values()) if (buffer.timer !== undefined) this.#timers.clearTimeout(buffer.timer);
    await this.#routing;
    while ([...this.#buffers.values()].some((b) => b.flushing)) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Resolves once nothing is waiting, routing or flushing (tests, benchmarks, shutdown). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Takes every pending event not taken yet (at start, and after a failed routing). */
  #take(): void {
    this.#takeEvents(this.#options.inbox.pending());
  }

  #takeEvents(events: readonly JiraWebhookEvent[]): void {
    if (this.#stopped) return;
    const fresh = events.filter((event) => !this.#open.has(event.identifier));
    if (fresh.length === 0) return;
    for (const event of fresh) this.#open.set(event.identifier, new Set());
    // Issues are looked up at once (the site queue paces them); events are buffered in arrival order.
    const lookups = fresh.map((event) => this.#targets(event));
    for (const lookup of lookups) lookup.catch(() => undefined);
    this.#routing = this.#routing.then(() => this.#routeAll(fresh, lookups));
  }

  async #routeAll(events: readonly JiraWebhookEvent[], lookups: readonly Promise<CoalescedRepo[]>[]): Promise<void> {
    const unclaimed: string[] = [];
    for (const [index, event] of events.entries()) {
      try {
        const targets = await lookups[index]!;
        this.#routeFailures = 0;
        if (targets.length === 0) {
          this.#options.onUnclaimed?.(event);
          unclaimed.push(event.identifier);
          continue;
        }
        this.#open.set(event.identifier, new Set(targets.map((repo) => repo.key)));
        for (const repo of targets) this.#enqueue(repo.key, event);
      } catch (err) {
        this.#options.onError?.(undefined, err);
        for (const left of events.slice(index)) this.#open.delete(left.identifier);
        this.#retryRoutingLater();
        break;
      }
    }
    await this.#finish(unclaimed);
    this.#settle();
  }

  #retryRoutingLater(): void {
    this.#routeFailures += 1;
    this.#routeTimer ??= this.#timers.setTimeout(() => {
      this.#routeTimer = undefined;
      this.#take();
    }, this.#backoffMs(this.#routeFailures));
  }

  async #targets(event: JiraWebhookEvent): Promise<CoalescedRepo[]> {
    const onSite = this.#options.repos().filter((repo) =>
      event.repo === undefined ? event.site !== undefined && normalizeJiraSite(repo.site) === event.site : repo.key === event.repo);
    if (event.site === undefined || !onSite.some((repo) => repo.projects.length > 0)) return onSite;
    const issue = await this.#options.resolveIssue(event.site, event.issueId);
    if (issue === undefined) return event.kind === 'delete' ? onSite : [];
    return onSite.filter((repo) => claims(repo.projects, issue.projectKey));
  }

  #enqueue(key: string, event: JiraWebhookEvent): void {
    const buffer = this.#buffers.get(key) ?? { events: [], flushing: false, failures: 0 };
    this.#buffers.set(key, buffer);
    buffer.events.push(event);
    this.#schedule(key, buffer);
  }

  #schedule(key: string, buffer: RepoBuffer): void {
    if (this.#stopped || buffer.flushing || buffer.events.length === 0) return;
    if (buffer.failures === 0 && buffer.events.length >= this.#flushSize) {
      if (buffer.timer !== undefined) this.#timers.clearTimeout(buffer.timer);
      buffer.timer = undefined;
      void this.#flush(key, buffer);
      return;
    }
    const delayMs = buffer.failures === 0 ? this.#flushDelayMs : this.#backoffMs(buffer.failures);
    buffer.timer ??= this.#timers.setTimeout(() => {
      buffer.timer = undefined;
      void this.#flush(key, buffer);
    }, delayMs);
  }

  async #flush(key: string, buffer: RepoBuffer): Promise<void> {
    const repo = this.#options.repos().find((candidate) => candidate.key === key);
    const batch = buffer.events.splice(0, this.#flushSize);
    buffer.flushing = true;
    try {
      if (repo !== undefined) {
        const result = await repo.apply(batch);
        this.#options.onFlushed?.(key, batch, result);
      }
      buffer.failures = 0;
      await this.#finish(batch.map((event) => event.identifier), key);
    } catch (err) {
      buffer.events.unshift(...batch);
      buffer.failures += 1;
      this.#options.onError?.(key, err);
    } finally {
      buffer.flushing = false;
      this.#schedule(key, buffer);
      this.#settle();
    }
  }

  /** One repo is done with these events (without `key`: nobody claimed them); done in the journal once all repos are. */
  async #finish(identifiers: readonly string[], key?: string): Promise<void> {
    const done = identifiers.filter((identifier) => {
      const repos = this.#open.get(identifier);
      if (key !== undefined) repos?.delete(key);
      return repos === undefined || repos.size === 0;
    });
    if (done.length === 0) return;
    await this.#options.inbox.markDone(done).catch((err: unknown) => this.#options.onError?.(key, err));
    for (const identifier of done) this.#open.delete(identifier);
  }

  #backoffMs(failures: number): number {
    return Math.min(this.#retry.maxMs, this.#retry.minMs * 2 ** (failures - 1));
  }

  #isIdle(): boolean {
    return this.#open.size === 0 && this.#options.inbox.pending().length === 0;
  }

  #settle(): void {
    if (!this.#isIdle() && !this.#stopped) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
