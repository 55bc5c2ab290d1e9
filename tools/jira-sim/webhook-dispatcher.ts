import { randomUUID } from 'node:crypto';
import { type WebhookFaultRule, type RuleSet, fires } from './fault-rules.ts';
import { projectFilter } from './project-filter.ts';
import type { Random } from './random.ts';
import { renderWorklog } from './render.ts';
import type { SimClock } from './sim-clock.ts';
import type { WorklogEventSink } from './sim-context.ts';
import type { SimStore } from './sim-store.ts';
import type { SimFlavor, SimWorklog, WebhookEventName, WebhookRegistration } from './sim-types.ts';
import { type Delivery, type DeliveryAttempt, sendAttempt, shouldRetry } from './webhook-delivery.ts';

export interface WebhookDispatcherOptions {
  store: SimStore;
  clock: SimClock;
  random: Random;
  flavor: SimFlavor;
  faults: RuleSet<WebhookFaultRule>;
  baseUrl: () => string;
  /** Delay before each retry; its length is the number of retries (Jira: 5, minutes apart). */
  retryDelaysMs: number[];
  timeoutMs: number;
}

function ruleMatches(rule: WebhookFaultRule, delivery: Delivery): boolean {
  if (rule.event !== undefined && rule.event !== delivery.event) return false;
  return rule.url === undefined || new RegExp(rule.url).test(delivery.url);
}

/**
 * Delivers worklog events to registered webhooks, asynchronously and after the write that caused them, with
 * Jira's retry rules and the configured webhook faults (drop, duplicate, reorder, delay).
 */
export class WebhookDispatcher implements WorklogEventSink {
  readonly attempts: DeliveryAttempt[] = [];
  private readonly options: WebhookDispatcherOptions;
  private readonly abort = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private held: Delivery[] = [];
  private pending = 0;
  private waiters: (() => void)[] = [];

  constructor(options: WebhookDispatcherOptions) {
    this.options = options;
  }

  publish(event: WebhookEventName, snapshot: SimWorklog): void {
    const { store } = this.options;
    const issue = store.issuesById.get(snapshot.issueId);
    for (const webhook of store.webhooks.values()) {
      if (!webhook.enabled || !webhook.events.includes(event)) continue;
      if (!projectFilter(webhook.jqlFilter)(issue?.projectKey ?? '')) continue;
      this.enqueue(this.newDelivery(webhook, event, snapshot));
    }
  }

  /** Resolves once every delivery (including retries, delays and held reorders) has finished. */
  flush(): Promise<void> {
    this.releaseHeld();
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.abort.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held = [];
    this.pending = 0;
    this.settle();
  }

  private newDelivery(webhook: WebhookRegistration, event: WebhookEventName, snapshot: SimWorklog): Delivery {
    const { store, clock, flavor } = this.options;
    const author = store.users.get(snapshot.authorId);
    const worklog = renderWorklog(snapshot, store, {
      baseUrl: this.options.baseUrl(),
      flavor,
      version: '2',
      timeZone: author?.timeZone ?? 'UTC',
      expandProperties: false,
      forWebhook: true,
    });
    const body = webhook.excludeBody ? '' : JSON.stringify({ timestamp: clock.nowMs(), webhookEvent: event, worklog });
    return { identifier: randomUUID(), webhookId: webhook.id, url: webhook.url, event, body, secret: webhook.secret, retry: 0 };
  }

  /** What the webhook fault rules do to this delivery; undefined when it is dropped. */
  private planFaults(delivery: Delivery): { copies: number; delayMs: number; reorderWindow: number } | undefined {
    const plan = { copies: 1, delayMs: 0, reorderWindow: 0 };
    for (const rule of this.options.faults.rules) {
      if (!ruleMatches(rule, delivery) || !fires(rule, this.options.random)) continue;
      const action = rule.action;
      if (action.type === 'drop') return undefined;
      if (action.type === 'duplicate') plan.copies += action.copies ?? 1;
      else if (action.type === 'delay') plan.delayMs += action.ms;
      else plan.reorderWindow = Math.max(plan.reorderWindow, action.window);
    }
    return plan;
  }

  private enqueue(delivery: Delivery): void {
    const plan = this.planFaults(delivery);
    if (plan === undefined) return;
    for (let i = 0; i < plan.copies; i++) {
      this.pending++;
      const copy = { ...delivery };
      if (plan.reorderWindow > 1) this.hold(copy, plan.reorderWindow);
      else this.later(() => void this.attempt(copy), plan.delayMs);
    }
  }

  private hold(delivery: Delivery, window: number): void {
    this.held.push(delivery);
    if (this.held.length >= window) this.releaseHeld();
  }

  private releaseHeld(): void {
    const batch = this.held;
    this.held = [];
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.options.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j] as Delivery, batch[i] as Delivery];
    }
    for (const delivery of batch) this.later(() => void this.attempt(delivery), 0);
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const result = await sendAttempt(delivery, this.options.timeoutMs, this.abort.signal);
    if (this.abort.signal.aborted) return;
    const { identifier, webhookId, url, event, retry } = delivery;
    this.attempts.push({ identifier, webhookId, url, event, retry, ...result, atMs: this.options.clock.nowMs() });
    const delay = this.options.retryDelaysMs[delivery.retry];
    if (shouldRetry(result.status) && delay !== undefined) {
      this.later(() => void this.attempt({ ...delivery, retry: delivery.retry + 1 }), delay);
      return;
    }
    this.pending--;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
