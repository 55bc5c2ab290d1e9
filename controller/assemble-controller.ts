import { fileURLToPath } from 'node:url';
/**
 * Wires the parts both modes share — Jira connections, the sync pass, the reconcile loop, the read
 * model and the express app — around the mode's own ports (where TractRepos come from, where status
 * and events go, where Secrets are read). main.ts (standalone) and the operator's entry point call it;
 * listening, signals and exiting stay in main.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Clock } from '../shared/core/clock.ts';
import type { ControllerConfig } from './config.ts';
import type { Logger } from './logging/create-logger.ts';
import { ControllerFromJiraStep } from './reconcile/from-jira-step.ts';
import { FeedReads } from './from-jira/feed-reads.ts';
import { IssueRefCache } from './from-jira/issue-ref-cache.ts';
import { JiraInbound } from './jira-intake/jira-inbound.ts';
import { JiraMailbox } from './jira-intake/jira-mailbox.ts';
import { JiraConnections } from './jira/jira-connections.ts';
import type { SiteTime, WorklogsFactory } from './jira/jira-connections.ts';
import type { EventRecorder, Finalizers, RecordedEvent, RepoKey, SecretReader, StatusWriter, TractRepoSource } from './api/ports.ts';
import { RepoRuntimes } from './reconcile/repo-runtime.ts';
import { TractRepoController } from './reconcile/tract-repo-controller.ts';
import { IdentityCache } from './jira/identity-map.ts';
import { TractSyncPass } from './reconcile/tract-sync-pass.ts';
import { secretValue } from './secrets/secret-value.ts';
import type { SecretMask } from './secrets/secret-mask.ts';
import { createApp } from './server/create-app.ts';
import type { GitWebhookTarget } from './server/git-webhook-router.ts';
import { RepoReadModel } from './server/repo-read-model.ts';
import type { ControllerMetrics } from './telemetry/metrics.ts';
import type { Timers } from './workqueue/timers.ts';

export interface ModePorts {
  source: TractRepoSource;
  statusWriter: StatusWriter;
  events: EventRecorder;
  secrets: SecretReader;
  finalizers?: Finalizers;
  /** Recent events for the API and the status page (standalone: the ring buffer). */
  listEvents?: (key?: RepoKey) => RecordedEvent[];
}

export interface AssembleInput {
  config: ControllerConfig;
  ports: ModePorts;
  logger: Logger;
  metrics: ControllerMetrics;
  mask: SecretMask;
  clock: Clock;
  timers: Timers;
  siteTime: SiteTime;
  /** The environment git commands start from. */
  gitEnv: Readonly<Record<string, string | undefined>>;
  /** The argv of the worklog merge driver for the controller's clones (`mergeDriverCommand`). */
  mergeDriver?: readonly string[];
  version: string;
  worklogsFactory?: WorklogsFactory;
  /** Readiness beyond "repos loaded" (operator: informer synced, leadership). */
  extraReady?: () => boolean;
}

export interface Assembled {
  controller: TractRepoController;
  inbound: JiraInbound;
  app: Express;
  readModel: RepoReadModel;
  runtimes: RepoRuntimes;
  jira: JiraConnections;
}

export async function assembleController(input: AssembleInput): Promise<Assembled> {
  const { config, ports, logger, metrics, clock } = input;
  const runtimes = new RepoRuntimes();
  const jira = new JiraConnections({ timeoutMs: config.jiraTimeoutMs, metrics, time: input.siteTime, ...(input.worklogsFactory ? { factory: input.worklogsFactory } : {}) });
  // Flow 2 (docs/architecture.md): the intake posts a repo's burst in the mailbox and queues the repo;
  // the repo's pass takes it (from-jira-step.ts); the controller's stop fails what is left.
  const mailbox = new JiraMailbox();
  const issues = new IssueRefCache({ nowMs: () => clock.now().getTime() });
  const pass = new TractSyncPass({
    stateDir: config.stateDir, gitEnv: input.gitEnv, ...(input.mergeDriver ? { mergeDriver: input.mergeDriver } : {}), secrets: ports.secrets, mask: input.mask, jira, metrics,
    events: ports.events, clock, retry: config.recordRetry, identities: new IdentityCache(() => clock.now().getTime()),
    fromJira: new ControllerFromJiraStep({ mailbox, issues, feeds: new FeedReads({ nowMs: () => clock.now().getTime() }), clock, metrics, events: ports.events }),
  });
  const controller = new TractRepoController(
    { source: ports.source, statusWriter: ports.statusWriter, events: ports.events, pass, mailbox, runtimes, clock, logger, metrics, ...(ports.finalizers ? { finalizers: ports.finalizers } : {}) },
    { concurrency: config.concurrency, jitterPercent: config.jitterPercent, backoff: config.backoff, timers: input.timers },
  );
  const inbound = await JiraInbound.open({
    stateDir: config.stateDir, clock, timers: input.timers, metrics, logger, source: ports.source, jiraSecret: (key) => runtimes.peek(key)?.jiraSecret, jira, secrets: ports.secrets, mask: input.mask,
    bodyLimitBytes: config.webhookBodyLimitBytes, issues, mailbox, queue: controller.queue,
  });
  const listEvents = ports.listEvents ?? (() => []);
  const readModel = new RepoReadModel({ source: ports.source, runtimes, events: (key) => listEvents(key) });
  const requestSync = (key: RepoKey): ReturnType<TractRepoController['requestSync']> => controller.requestSync(key, 'api');
  const app = createApp({
    version: input.version,
    logger,
    metrics,
    isReady: () => controller.ready && (input.extraReady?.() ?? true),
    reconciling: () => controller.ready,
    api: { apiToken: config.apiToken, readModel, requestSync, events: () => listEvents() },
    gitWebhook: {
      bodyLimitBytes: config.webhookBodyLimitBytes,
      lookup: (key) => gitWebhookTarget(key, ports, input.mask),
      requestSync: (key) => controller.requestSync(key, 'webhook'),
      recordEvent: (key, reason, message) => ports.events.record(key, 'Warning', reason, message),
    },
    jiraWebhook: inbound.router(),
    rateLimits: config.rateLimit,
    events: () => listEvents(),
  });
  return { controller, inbound, app, readModel, runtimes, jira };
}

/**
 * The git webhook settings of one repo. A Secret that is named but missing (or has no `token`) still
 * demands a signature, which then cannot match: deliveries are refused until the Secret exists.
 */
async function gitWebhookTarget(key: RepoKey, ports: ModePorts, mask: SecretMask): Promise<GitWebhookTarget | undefined> {
  const repo = ports.source.get(key);
  if (!repo) return undefined;
  if (!repo.spec.webhook) return {};
  const data = await ports.secrets.fetchSecret(repo.metadata.namespace ?? 'default', repo.spec.webhook.secretRef.name);
  const token = data ? secretValue(data, 'token') : undefined;
  mask.add(token);
  return { token: token ?? `missing-${randomUUID()}` };
}

/** The merge driver's argv: this Node and `controller/merge-worklogs-main.ts`. */
export function mergeDriverCommand(nodeBin: string): string[] {
  return [nodeBin, fileURLToPath(new URL('./merge-worklogs-main.ts', import.meta.url))];
}
