/**
 * Jira → Tract intake, wired for the controller: the webhook route (jira-webhook-route.ts,
 * mounted at `/webhook/jira` and `/webhook/jira/<ns>/<name>`) journals accepted deliveries in one durable
 * inbox under the state directory; the coalescer routes them to the TractRepos that claim them and posts
 * each repo's burst in the repo's box of the Jira mailbox (jira-mailbox.ts), then adds the repo's key to
 * the work queue: the burst runs inside that repo's next pass (the per-repo lock), which answers the post.
 * Suspended repos and repos with `direction: GitToJira` claim nothing.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Router } from 'express';
import type { Clock } from '../../shared/core/clock.ts';
import type { JiraIssueRef } from '../../shared/jira/jira-worklogs.ts';
import type { TractRepo } from '../api/tract-repo.ts';
import type { Logger } from '../logging/create-logger.ts';
import { resolveRepoSecrets } from '../secrets/resolve-repo-secrets.ts';
import type { SecretMask } from '../secrets/secret-mask.ts';
import { createJiraWebhookRoute } from './jira-webhook-route.ts';
import type { JiraWebhookRepo } from './jira-webhook-route.ts';
import type { ControllerMetrics } from '../telemetry/metrics.ts';
import type { Timers } from '../workqueue/timers.ts';
import type { WorkQueue } from '../workqueue/work-queue.ts';
import { repoSettings } from '../api/repo-settings.ts';
import type { IssueRefCache } from '../from-jira/issue-ref-cache.ts';
import { JiraChangeCoalescer } from './jira-change-coalescer.ts';
import type { CoalescedRepo } from './jira-change-coalescer.ts';
import { JiraEventInbox } from './jira-event-inbox.ts';
import type { UnclaimedReason } from '../telemetry/metrics.ts';
import type { JiraWebhookEvent } from './jira-event-inbox.ts';
import type { JiraEventBatch, JiraMailbox } from './jira-mailbox.ts';
import { normalizeJiraSite } from '../jira/jira-site-url.ts';
import type { FromJiraResult } from '../from-jira/sync-jira-to-repo.ts';
import type { JiraConnections } from '../jira/jira-connections.ts';
import type { RepoKey, SecretReader, TractRepoSource } from '../api/ports.ts';
import { repoKey } from '../api/ports.ts';

export interface JiraInboundOptions {
  stateDir: string;
  clock: Clock;
  timers: Timers;
  metrics: ControllerMetrics;
  logger: Logger;
  source: TractRepoSource;
  /** The repo's webhook secret as its last pass read it: null when it has none, undefined before the first read. */
  jiraSecret(key: RepoKey): string | null | undefined;
  jira: JiraConnections;
  secrets: SecretReader;
  mask: SecretMask;
  bodyLimitBytes: number;
  /** Issues by id per site, shared with the passes (from-jira/issue-ref-cache.ts). */
  issues: IssueRefCache;
  /** Where each repo's bursts wait for its next pass. */
  mailbox: JiraMailbox;
  /** The controller's work queue: a posted burst runs in the key's next pass. */
  queue: Pick<WorkQueue, 'add'>;
}

/** A secret no signature can match, for a repo whose webhook Secret has not been read yet. */
const UNREAD_SECRET = `unread-${randomUUID()}`;

export class JiraInbound {
  readonly #options: JiraInboundOptions;
  readonly #inbox: JiraEventInbox;
  readonly #coalescer: JiraChangeCoalescer;

  private constructor(options: JiraInboundOptions, inbox: JiraEventInbox) {
    this.#options = options;
    this.#inbox = inbox;
    this.#coalescer = new JiraChangeCoalescer({
      inbox,
      timers: options.timers,
      repos: () => this.#claiming().map((repo): CoalescedRepo => ({
        key: repoKey(repo), site: repo.spec.jira.url, projects: repo.spec.jira.projects ?? [],
        apply: (events) => this.#post(repoKey(repo), events),
      })),
      resolveIssue: (site, issueId) => this.#resolveIssue(site, issueId),
      onUnclaimed: (event) => {
        const why = this.#unclaimedReason(event);
        options.metrics.countWebhook('jira', 'unclaimed');
        options.metrics.countUnclaimedWebhook('jira', why.code);
        options.logger.warn('Jira webhook event claimed by no repository', { reason: why.text, site: event.site, issueId: event.issueId, identifier: event.identifier });
      },
      onError: (repo, err) => options.logger.warn('Jira events not applied yet: retrying', { repo, error: err }),
    });
  }

  static async open(options: JiraInboundOptions): Promise<JiraInbound> {
    const inbox = await JiraEventInbox.open(join(options.stateDir, '_jira-inbox'), { clock: options.clock });
    return new JiraInbound(options, inbox);
  }

  router(): Router {
    const options = this.#options;
    return createJiraWebhookRoute({
      inbox: this.#inbox,
      clock: options.clock,
      limitBytes: options.bodyLimitBytes,
      repos: () => this.#claiming().map((repo) => this.#routeRepo(repo)),
      onOutcome: (outcome) => options.metrics.countWebhook('jira', outcome),
      onUnclaimed: (reason, site) => {
        options.metrics.countUnclaimedWebhook('jira', 'site');
        options.logger.warn('Jira webhook delivery claimed by no repository', { reason, site });
      },
      onError: (err) => options.logger.error('Jira webhook not stored', { error: err }),
    });
  }

  start(): void {
    this.#coalescer.start();
  }

  /** Resolves once every accepted event is routed and applied (tests, benchmarks). */
  idle(): Promise<void> {
    return this.#coalescer.idle();
  }

  async stop(): Promise<void> {
    await this.#coalescer.stop();
    await this.#inbox.close();
  }

  /** Leaves the burst in the repo's box and asks for the pass that answers it (the per-repo lock). */
  #post(key: RepoKey, events: JiraEventBatch): Promise<FromJiraResult> {
    const answer = this.#options.mailbox.post(key, events);
    this.#options.queue.add(key);
    return answer;
  }

  #claiming(): TractRepo[] {
    return this.#options.source.list().filter((repo) => !repo.spec.suspend && repo.spec.sync.direction !== 'GitToJira' && !repo.metadata.deletionTimestamp);
  }

  /** Why no repo took an event: the log line's text and `tract_webhooks_unclaimed_total`'s reason. */
  #unclaimedReason(event: JiraWebhookEvent): { code: UnclaimedReason; text: string } {
    if (event.repo !== undefined) return { code: 'repo', text: `TractRepo ${event.repo} no longer syncs from Jira` };
    const onSite = this.#claiming().some((repo) => normalizeJiraSite(repo.spec.jira.url) === event.site);
    if (onSite) return { code: 'project', text: "no repository on this site syncs the issue's project (or the issue is gone)" };
    return { code: 'site', text: 'no repository syncs this Jira site' };
  }

  #routeRepo(repo: TractRepo): JiraWebhookRepo {
    const key = repoKey(repo);
    if (!repo.spec.webhook) return { key, site: repo.spec.jira.url };
    const secret = this.#options.jiraSecret(key);
    if (secret === null) return { key, site: repo.spec.jira.url };
    return { key, site: repo.spec.jira.url, secret: secret ?? UNREAD_SECRET };
  }

  /** Issue by id through the service account of a repo on that site. */
  async #resolveIssue(site: string, issueId: string): Promise<JiraIssueRef | undefined> {
    const repo = this.#claiming().find((candidate) => normalizeJiraSite(candidate.spec.jira.url) === site);
    if (!repo) return undefined;
    const { spec } = repo;
    const secrets = await resolveRepoSecrets(repo, this.#options.secrets, this.#options.mask);
    const service = this.#options.jira.worklogs(spec.jira.url, secrets.jira, spec.jira.flavor);
    const queue = this.#options.jira.siteQueue(spec.jira.url, { batchSize: spec.sync.batchSize, batchIntervalMs: repoSettings(spec).batchIntervalMs });
    return this.#options.issues.fetch(site, issueId, () => queue.call(service, 'fetchIssue', issueId));
  }
}
