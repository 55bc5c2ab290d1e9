/**
 * The controller's Jira connections: ONE `JiraSiteQueue` per Jira site, shared by every TractRepo that
 * syncs to it (docs/controller.md), and one `JiraWorklogs` adapter per site and credential (the service account,
 * each author's personal token). A site queue has a single policy: it is created with the batch size and
 * interval of the first TractRepo that uses the site (docs/controller.md "Jira sites"). A site is keyed by
 * `normalizeJiraSite` (jira-site-url.ts), as the webhook routing keys it: `https://Example.atlassian.net/`
 * and `https://example.atlassian.net` are one site, one queue.
 */
import { createHash } from 'node:crypto';
import { JiraCloudWorklogs } from '../../shared/jira/jira-cloud-worklogs.ts';
import { DEFAULT_SITE_POLICY, JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import type { SitePolicy } from '../../shared/jira/jira-site-queue.ts';
import { createJiraTransport } from '../../shared/jira/jira-transport.ts';
import type { JiraAuth } from '../../shared/jira/jira-transport.ts';
import type { JiraWorklogs } from '../../shared/jira/jira-worklogs.ts';
import type { ControllerMetrics } from '../telemetry/metrics.ts';
import { normalizeJiraSite } from './jira-site-url.ts';
import { jiraOperation } from '../telemetry/metrics.ts';

export interface SiteTime {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export type JiraFlavorName = 'cloud' | 'datacenter';

/** Builds the adapter for one identity; Data Center comes from the from-jira engineer's adapter. */
export type WorklogsFactory = (flavor: JiraFlavorName, site: string, transport: ReturnType<typeof createJiraTransport>) => JiraWorklogs;

export interface JiraConnectionsOptions {
  timeoutMs: number;
  metrics: ControllerMetrics;
  time: SiteTime;
  factory?: WorklogsFactory;
  /** Overrides of the site policy beyond batch size and interval (tests shorten the backoff). */
  policy?: Partial<SitePolicy>;
}

export class JiraConnections {
  readonly #options: JiraConnectionsOptions;
  readonly #sites = new Map<string, JiraSiteQueue>();
  readonly #adapters = new Map<string, JiraWorklogs>();

  constructor(options: JiraConnectionsOptions) {
    this.#options = options;
  }

  /** The site's queue; `batch` only matters for the first caller. */
  siteQueue(site: string, batch: { batchSize: number; batchIntervalMs: number }): JiraSiteQueue {
    const key = normalizeJiraSite(site) ?? site;
    let queue = this.#sites.get(key);
    if (!queue) {
      const policy: SitePolicy = { ...DEFAULT_SITE_POLICY, ...this.#options.policy, ...batch };
      queue = new JiraSiteQueue(key, policy, this.#options.time, {
        onRateLimited: (_scope, reason) => this.#options.metrics.countRateLimited(key, reason),
      });
      this.#sites.set(key, queue);
    }
    return queue;
  }

  /** The adapter for one identity on one site, reused across passes and repos. */
  worklogs(site: string, auth: JiraAuth, flavor: JiraFlavorName): JiraWorklogs {
    const host = normalizeJiraSite(site) ?? site;
    const key = `${flavor} ${host} ${fingerprint(auth)}`;
    let adapter = this.#adapters.get(key);
    if (!adapter) {
      const transport = createJiraTransport({
        host,
        auth,
        timeoutMs: this.#options.timeoutMs,
        onCall: (call) => this.#options.metrics.observeJiraRequest(host, jiraOperation(call.method, call.path), call.status, call.durationMs / 1000),
      });
      adapter = (this.#options.factory ?? cloudOnly)(flavor, host, transport);
      this.#adapters.set(key, adapter);
    }
    return adapter;
  }

  /** Requests waiting or running, over all sites. */
  get pending(): number {
    let total = 0;
    for (const queue of this.#sites.values()) total += queue.pending;
    return total;
  }
}

/** Credentials identify the adapter without being kept as a readable map key. */
function fingerprint(auth: JiraAuth): string {
  const text = auth.type === 'basic' ? `basic:${auth.email}:${auth.apiToken}` : `bearer:${auth.token}`;
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function cloudOnly(_flavor: JiraFlavorName, site: string, transport: ReturnType<typeof createJiraTransport>): JiraWorklogs {
  return new JiraCloudWorklogs(site, transport);
}
