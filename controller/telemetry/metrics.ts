/**
 * The controller's Prometheus metrics (docs/metrics.md): its own registry (never prom-client's global one, so
 * tests and many controllers in one process don't collide), behind helpers named by intent. Names and
 * labels are the contract the Grafana dashboard and the alerts use; change them only with those.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, exponentialBuckets } from 'prom-client';
import { RepoSeries } from './repo-series.ts';

export type SyncDirection = 'to_jira' | 'from_jira';
export type ReconcileResult = 'success' | 'error' | 'requeue' | 'stalled';

/**
 * From a quarter second (a webhook turned into a pushed commit) to worklogs that waited hours for Jira,
 * neighbours ≤ 3× apart: 13 bounds, so 16 series per repo and direction (docs/metrics.md, the budget).
 */
const LAG_BUCKETS_SECONDS = [0.25, 0.75, 2, 5, 15, 30, 90, 270, 600, 1800, 5400, 10800, 21600];
/** 10 ms → 30 min in 10 exponential steps, as Flux's `gotk_reconcile_duration_seconds`. */
const RECONCILE_BUCKETS_SECONDS = exponentialBuckets(0.01, (1800 / 0.01) ** (1 / 9), 10);
const REQUEST_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Where a sync error happened: one direction, or before the directions split (secrets, clone, fetch). */
export type ErrorDirection = SyncDirection | 'both';

/** A TractRepo's state as the read model has it at scrape time (only on the replica that reconciles). */
export interface RepoStateSample {
  repo: string;
  ready: 'True' | 'False' | 'Unknown';
  suspended: boolean;
  pending: number;
  failed: number;
}

const GAUGES_NAMED_TOTAL = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];
const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;

export interface MetricsOptions {
  /** process_* and nodejs_* metrics; off in unit tests that only look at tract_*. */
  defaultMetrics?: boolean;
}

export type UnclaimedReason = 'site' | 'project' | 'repo';

export class ControllerMetrics {
  readonly registry = new Registry();
  readonly #lag: Histogram<'repo' | 'direction'>;
  readonly #synced: Counter<'repo' | 'direction' | 'op'>;
  readonly #syncErrors: Counter<'repo' | 'direction' | 'reason'>;
  readonly #repoSeries: RepoSeries<string>[];
  readonly #missing: Gauge<'repo'>;
  readonly #lastSuccess: Gauge<'repo'>;
  readonly #jiraRequests: Counter<'site' | 'op' | 'code'>;
  readonly #jiraDuration: Histogram<'site' | 'op'>;
  readonly #rateLimited: Counter<'site' | 'reason'>;
  readonly #webhooks: Counter<'source' | 'outcome'>;
  readonly #unclaimed: Counter<'source' | 'reason'>;
  readonly #gitDuration: Histogram<'op'>;
  readonly #reconcileDuration: Histogram<'result'>;
  readonly #reconciles: Counter<'result'>;
  readonly #queueDepth: Gauge;
  readonly #queueAdds: Counter;
  readonly #queueRetries: Counter;
  readonly #workDuration: Histogram;
  readonly #condition: Gauge<'repo' | 'type' | 'status'>;
  #repoStates: () => readonly RepoStateSample[] = () => [];

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      // Gauges named *_total fail `promtool check metrics`; their per-type twins stay.
      for (const name of GAUGES_NAMED_TOTAL) this.registry.removeSingleMetric(name);
    }
    this.#lag = new Histogram({
      name: 'tract_sync_lag_seconds',
      help: 'From the moment a change became visible to Tract to the moment the other side confirmed it.',
      labelNames: ['repo', 'direction'], buckets: LAG_BUCKETS_SECONDS, registers,
    });
    this.#synced = new Counter({ name: 'tract_worklogs_synced_total', help: 'Worklog changes applied on the other side.', labelNames: ['repo', 'direction', 'op'], registers });
    this.#syncErrors = new Counter({
      name: 'tract_sync_errors_total', help: 'Failed records and failed passes (git, write-back, Jira, secrets), by reason.', labelNames: ['repo', 'direction', 'reason'], registers,
    });
    this.#repoSeries = [new RepoSeries(this.#lag), new RepoSeries(this.#synced), new RepoSeries(this.#syncErrors)];
    const states = (): readonly RepoStateSample[] => this.#repoStates();
    repoStateGauge('tract_pending_worklogs', 'Records waiting to go to Jira, per TractRepo.', registers, states, (s) => s.pending);
    repoStateGauge('tract_failed_worklogs', 'Records whose sync failed until they change, per TractRepo.', registers, states, (s) => s.failed);
    repoStateGauge('tract_repo_suspended', '1 while a TractRepo is suspended (spec.suspend), else 0.', registers, states, (s) => (s.suspended ? 1 : 0));
    this.#missing = new Gauge({
      name: 'tract_missing_worklogs',
      help: 'Records Jira has that git lost without a tombstone (removed or malformed lines), per TractRepo; never deleted in Jira.',
      labelNames: ['repo'],
      registers,
    });
    this.#lastSuccess = new Gauge({
      name: 'tract_last_sync_success_timestamp_seconds', help: 'Unix time of the last successful sync pass, per TractRepo.', labelNames: ['repo'], registers,
    });
    this.#jiraRequests = new Counter({ name: 'tract_jira_requests_total', help: 'HTTP requests to Jira.', labelNames: ['site', 'op', 'code'], registers });
    this.#jiraDuration = new Histogram({
      name: 'tract_jira_request_duration_seconds', help: 'Duration of HTTP requests to Jira.', labelNames: ['site', 'op'], buckets: REQUEST_BUCKETS_SECONDS, registers,
    });
    this.#rateLimited = new Counter({ name: 'tract_jira_rate_limited_total', help: 'Jira 429 answers, by RateLimit-Reason.', labelNames: ['site', 'reason'], registers });
    this.#webhooks = new Counter({ name: 'tract_webhooks_received_total', help: 'Webhook deliveries, by source and outcome.', labelNames: ['source', 'outcome'], registers });
    this.#unclaimed = new Counter({
      name: 'tract_webhooks_unclaimed_total', help: 'Signed webhook events no TractRepo took, by reason (site, project, repo).', labelNames: ['source', 'reason'], registers,
    });
    this.#gitDuration = new Histogram({
      name: 'tract_git_operation_duration_seconds', help: 'Duration of git commands.', labelNames: ['op'], buckets: REQUEST_BUCKETS_SECONDS, registers,
    });
    this.#reconcileDuration = new Histogram({
      name: 'tract_reconcile_duration_seconds', help: 'Duration of one TractRepo reconcile.', labelNames: ['result'], buckets: RECONCILE_BUCKETS_SECONDS, registers,
    });
    this.#reconciles = new Counter({ name: 'tract_reconcile_total', help: 'TractRepo reconciles, by result.', labelNames: ['result'], registers });
    this.#queueDepth = new Gauge({ name: 'tract_workqueue_depth', help: 'TractRepo keys waiting for a worker.', registers });
    this.#queueAdds = new Counter({ name: 'tract_workqueue_adds_total', help: 'Keys added to the work queue.', registers });
    this.#queueRetries = new Counter({ name: 'tract_workqueue_retries_total', help: 'Keys requeued with backoff after a failure.', registers });
    this.#workDuration = new Histogram({
      name: 'tract_workqueue_work_duration_seconds', help: 'Time a worker spent on one key.', buckets: RECONCILE_BUCKETS_SECONDS, registers,
    });
    this.#condition = new Gauge({
      name: 'tract_condition', help: 'TractRepo Ready condition: 1 for its current status, 0 for the others (as Flux gotk_reconcile_condition).',
      labelNames: ['repo', 'type', 'status'], registers, collect: () => this.#collectConditions(),
    });
  }

  /**
   * Where scrapes read each TractRepo's state from (the API's read model). The state gauges are
   * rebuilt from it on every scrape, so a replica that does not reconcile (a standby) reads nothing.
   */
  trackRepoStates(read: () => readonly RepoStateSample[]): void {
    this.#repoStates = read;
  }

  #collectConditions(): void {
    this.#condition.reset();
    for (const { repo, ready } of this.#repoStates()) {
      for (const status of CONDITION_STATUSES) this.#condition.set({ repo, type: 'Ready', status }, ready === status ? 1 : 0);
    }
  }

  observeSyncLag(repo: string, direction: SyncDirection, seconds: number): void {
    this.#lag.observe({ repo, direction }, Math.max(0, seconds));
    this.#repoSeries[0]!.note(repo, { repo, direction });
  }

  countSynced(repo: string, direction: SyncDirection, op: 'create' | 'update' | 'delete', count = 1): void {
    this.#synced.inc({ repo, direction, op }, count);
    this.#repoSeries[1]!.note(repo, { repo, direction, op });
  }

  countSyncError(repo: string, direction: ErrorDirection, reason: string): void {
    this.#syncErrors.inc({ repo, direction, reason });
    this.#repoSeries[2]!.note(repo, { repo, direction, reason });
  }

  setMissing(repo: string, count: number): void {
    this.#missing.set({ repo }, count);
  }

  markSyncSuccess(repo: string, at: Date): void {
    this.#lastSuccess.set({ repo }, at.getTime() / 1000);
  }

  /** Drops a repo's series once it is no longer managed. */
  forgetRepo(repo: string): void {
    this.#missing.remove({ repo });
    this.#lastSuccess.remove({ repo });
    for (const series of this.#repoSeries) series.forget(repo);
  }

  observeJiraRequest(site: string, op: string, status: number | 'network' | 'timeout', seconds: number): void {
    this.#jiraRequests.inc({ site, op, code: statusClass(status) });
    this.#jiraDuration.observe({ site, op }, seconds);
  }

  countRateLimited(site: string, reason: string): void {
    this.#rateLimited.inc({ site, reason });
  }

  countWebhook(source: string, outcome: string): void {
    this.#webhooks.inc({ source, outcome });
  }

  /** `reason`: `site` (no repo syncs the site), `project` (none syncs the project), `repo` (its repo stopped syncing from Jira). */
  countUnclaimedWebhook(source: string, reason: UnclaimedReason): void {
    this.#unclaimed.inc({ source, reason });
  }

  observeGitOperation(op: string, seconds: number): void {
    this.#gitDuration.observe({ op }, seconds);
  }

  observeReconcile(result: ReconcileResult, seconds: number): void {
    this.#reconcileDuration.observe({ result }, seconds);
    this.#reconciles.inc({ result });
  }

  setQueueDepth(depth: number): void {
    this.#queueDepth.set(depth);
  }

  countQueueAdd(): void {
    this.#queueAdds.inc();
  }

  countQueueRetry(): void {
    this.#queueRetries.inc();
  }

  observeWork(seconds: number): void {
    this.#workDuration.observe(seconds);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** A per-repo gauge rebuilt from the tracked repo states on every scrape. */
function repoStateGauge(
  name: string, help: string, registers: Registry[], states: () => readonly RepoStateSample[], value: (state: RepoStateSample) => number,
): Gauge<'repo'> {
  const gauge: Gauge<'repo'> = new Gauge({
    name, help, labelNames: ['repo'], registers,
    collect: () => {
      gauge.reset();
      for (const state of states()) gauge.set({ repo: state.repo }, value(state));
    },
  });
  return gauge;
}

/** `2xx`, `4xx`, `5xx`, with 429 apart (it is what rate-limit alerts watch), or the network failure. */
export function statusClass(status: number | 'network' | 'timeout'): string {
  if (typeof status !== 'number') return status;
  if (status === 429) return '429';
  return `${Math.floor(status / 100)}xx`;
}

/** The operation label of a Jira call, from its method and path. */
export function jiraOperation(method: string, path: string): string {
  if (/\/worklog\/(updated|deleted)/.test(path)) return 'feed';
  if (/\/worklog\/list/.test(path)) return 'read';
  switch (method.toUpperCase()) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return 'read';
  }
}
