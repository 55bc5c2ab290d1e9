/**
 * Jira → Tract wired as the controller wires it, all real and on loopback: the Jira simulator (in
 * process, sending signed webhooks), an express app on port 0 mounting the webhook route, the durable
 * inbox, the coalescer, a bare git remote with a developer clone, the controller's clone and state.
 * Also the Tract → Jira pass on the same state and lock, for echo tests.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createJiraTransport } from '../../shared/jira/jira-transport.ts';
import { JiraCloudWorklogs } from '../../shared/jira/jira-cloud-worklogs.ts';
import { JiraDataCenterWorklogs } from '../../shared/jira/jira-datacenter-worklogs.ts';
import { DEFAULT_SITE_POLICY, JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import type { JiraWorklogs } from '../../shared/jira/jira-worklogs.ts';
import { DEFAULT_DURATION_UNITS } from '../../shared/core/parse-duration.ts';
import { GitRepository } from '../../shared/git/git-repository.ts';
import type { GitCommandEvent } from '../../shared/git/git-repository.ts';
import { applyJiraEvents, fetchIssueRef } from '../../controller/from-jira/apply-jira-events.ts';
import { FeedReads } from '../../controller/from-jira/feed-reads.ts';
import { IssueRefCache } from '../../controller/from-jira/issue-ref-cache.ts';
import { JiraChangeCoalescer } from '../../controller/jira-intake/jira-change-coalescer.ts';
import type { JiraChangeCoalescerOptions } from '../../controller/jira-intake/jira-change-coalescer.ts';
import { JiraEventInbox } from '../../controller/jira-intake/jira-event-inbox.ts';
import { reconcileFromJira } from '../../controller/from-jira/reconcile-from-jira.ts';
import type { ReconcileFromJiraConfig, ReconcileFromJiraDeps, ReconcileFromJiraResult } from '../../controller/from-jira/reconcile-from-jira.ts';
import { syncRepoToJira } from '../../controller/to-jira/sync-repo-to-jira.ts';
import type { ToJiraResult } from '../../controller/to-jira/sync-repo-to-jira.ts';
import { createJiraWebhookRoute } from '../../controller/jira-intake/jira-webhook-route.ts';
import type { JiraWebhookOutcome } from '../../controller/jira-intake/jira-webhook-route.ts';
import { RepoStateStore } from '../../controller/state/repo-state-store.ts';
import { gitTestEnv, makeBareRemote, makeClone, tempDir } from './git-fixtures.ts';
import { DEMO_TOKEN, startJiraSim } from './jira-sim.ts';
import type { JiraSimulatorOptions, TestJiraSim } from './jira-sim.ts';
import type { SimSeed } from '../../tools/jira-sim/seed-types.ts';

export const REPO_KEY = 'team-a/app';
export const WEBHOOK_SECRET = 'whsec-test';

/** The site's users: john and sarah are in the repo's identity map, eve is not, sync is the service account. */
export const USERS = {
  john: { email: 'john.mcmullan@example.com', name: 'john.mcmullan', timeZone: 'Europe/London' },
  sarah: { email: 'sarah.jones@example.com', name: 'sarah.jones', timeZone: 'America/New_York' },
  eve: { email: 'eve@example.com', name: 'eve', timeZone: 'UTC' },
  sync: { email: 'tract-sync@example.com', name: 'tract-sync', timeZone: 'UTC' },
} as const;

export type UserName = keyof typeof USERS;

/** Project APP (claimed by the repo) and OPS (not claimed); tokens: API token `demo-token`, PAT `pat-<name>`. */
export const FROM_JIRA_SEED: SimSeed = {
  users: Object.values(USERS).map((u) => ({ ...u, apiToken: DEMO_TOKEN, personalAccessToken: `pat-${u.name}`, admin: u.name === 'tract-sync' })),
  projects: [{ key: 'APP', issueCount: 20 }, { key: 'OPS', issueCount: 5 }],
};

export interface FromJiraHarness {
  sim: TestJiraSim;
  remote: string;
  /** A developer's clone of the remote. */
  dev: string;
  /** Base URL of the controller's express app. */
  appUrl: string;
  config: ReconcileFromJiraConfig;
  deps: ReconcileFromJiraDeps;
  /** The repo's state directory (sync state, webhook journal under `inbox/`). */
  stateDir: string;
  inbox: JiraEventInbox;
  coalescer: JiraChangeCoalescer;
  /** Builds the coalescer as the controller does (for restart tests). */
  newCoalescer(inbox: JiraEventInbox): JiraChangeCoalescer;
  outcomes: JiraWebhookOutcome[];
  /** Every git command the controller's clone ran. */
  gitEvents: GitCommandEvent[];
  /** Tract's adapter, authenticated as a user. */
  jiraAs(user: UserName): JiraWorklogs;
  /** A user changing worklogs in Jira itself (REST v2, no `tract` property). */
  ui(user: UserName): JiraUi;
  /** Waits until the simulator delivered every webhook and every accepted event is pushed. */
  settle(): Promise<void>;
  reconcile(): Promise<ReconcileFromJiraResult>;
  /** One Tract → Jira pass on the same state (inside the same lock). */
  syncToJira(): Promise<ToJiraResult>;
  close(): Promise<void>;
}

export interface FromJiraHarnessOptions {
  sim?: JiraSimulatorOptions;
  coalescer?: Partial<JiraChangeCoalescerOptions>;
  /** Register the simulator's webhook with this secret (default WEBHOOK_SECRET; null: unsigned). */
  webhookSecret?: string | null;
  projects?: string[];
  /** How long the feed reconciliation's shared reads serve later reads (FeedReads' default when unset). */
  feedReadWindowMs?: number;
}

/** One key at a time, as the controller's per-key lock. */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.#tails.get(key) ?? Promise.resolve()).then(fn, fn);
    this.#tails.set(key, next.catch(() => undefined));
    return next;
  }
}

export async function startFromJiraHarness(options: FromJiraHarnessOptions = {}): Promise<FromJiraHarness> {
  const sim = await startJiraSim({ seed: FROM_JIRA_SEED, ...options.sim });
  const flavor = options.sim?.flavor ?? 'cloud';
  const remote = await makeBareRemote();
  const dev = await makeClone(remote);
  const stateDir = join(tempDir('tract-state-'), REPO_KEY);
  const gitEvents: GitCommandEvent[] = [];
  const clone = await GitRepository.clone(remote, join(tempDir('tract-controller-'), 'clone'), 'main', {
    env: gitTestEnv(), isolateConfig: true, pushBackoff: { baseMs: 10, maxMs: 100 }, onCommand: (event) => gitEvents.push(event),
  });
  const clock = { now: () => new Date() };
  const jiraAs = (user: UserName): JiraWorklogs => worklogsFor(sim.url, flavor, user);
  const service = jiraAs('sync');
  const queue = new JiraSiteQueue(sim.url, { ...DEFAULT_SITE_POLICY, initialBackoffMs: 50, maxBackoffMs: 400 }, realTime());
  const deps: ReconcileFromJiraDeps = {
    git: clone, store: new RepoStateStore(stateDir), clock, jira: service, queue, issues: new IssueRefCache({ nowMs: () => Date.now() }), feeds: new FeedReads({ nowMs: () => Date.now(), ...(options.feedReadWindowMs === undefined ? {} : { windowMs: options.feedReadWindowMs }) }),
  };
  const config = sourceConfig(sim, flavor, options.projects ?? ['APP']);
  const lock = new KeyedLock();
  const inbox = await JiraEventInbox.open(join(stateDir, 'inbox'), { clock });
  const newCoalescer = (from: JiraEventInbox): JiraChangeCoalescer => new JiraChangeCoalescer({
    inbox: from,
    repos: () => [{ key: REPO_KEY, site: config.site, projects: config.projects, apply: (events) => lock.run(REPO_KEY, () => applyJiraEvents(config, deps, events)) }],
    resolveIssue: (_site, issueId) => fetchIssueRef(config, deps, issueId),
    retry: { minMs: 100, maxMs: 1_000 },
    ...options.coalescer,
  });
  const coalescer = newCoalescer(inbox);
  const secret = options.webhookSecret === undefined ? WEBHOOK_SECRET : options.webhookSecret;
  const outcomes: JiraWebhookOutcome[] = [];
  const app = express();
  app.use(createJiraWebhookRoute({ inbox, clock, repos: () => [{ key: REPO_KEY, site: config.site, ...(secret ? { secret } : {}) }], onOutcome: (o) => outcomes.push(o) }));
  const server = await listen(app);
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.control.registerWebhook({ name: 'tract', url: `${appUrl}/webhook/jira`, events: ['worklog_created', 'worklog_updated', 'worklog_deleted'], ...(secret ? { secret } : {}) });
  coalescer.start();
  return {
    sim, remote, dev, appUrl, config, deps, stateDir, inbox, coalescer, newCoalescer, outcomes, gitEvents, jiraAs,
    ui: (user) => new JiraUi(sim.url, flavor, user),
    settle: async () => {
      await sim.control.flushWebhooks();
      await coalescer.idle();
    },
    reconcile: () => lock.run(REPO_KEY, () => reconcileFromJira(config, deps)),
    syncToJira: () => lock.run(REPO_KEY, () => syncRepoToJira({ ...config, writeOptions: { adjustEstimate: 'auto', notifyUsers: false } }, {
      git: clone, store: deps.store, site: queue, service, clock,
      identity: (author) => (config.authors.some((a) => a.name === author) ? { jira: service, onBehalf: true } : undefined),
    })),
    close: async () => {
      await coalescer.stop();
      await inbox.close();
      await new Promise((resolve) => server.close(resolve));
      await sim.close();
    },
  };
}

function sourceConfig(sim: TestJiraSim, flavor: 'cloud' | 'datacenter', projects: string[]): ReconcileFromJiraConfig {
  const users = sim.control.state().users;
  const accountOf = (email: string): string => users.find((u) => u.email === email)?.accountId ?? '';
  return {
    repo: REPO_KEY, remote: 'origin', branch: 'main', worklogDir: 'worklogs', units: DEFAULT_DURATION_UNITS,
    commitAuthor: { name: 'tract-sync', email: 'tract-sync@localhost' },
    site: sim.url, projects, flavor, timeZone: 'UTC',
    authors: [USERS.john, USERS.sarah].map((u) => ({ name: u.name, accountId: accountOf(u.email), username: u.name })),
  };
}

function worklogsFor(url: string, flavor: 'cloud' | 'datacenter', user: UserName): JiraWorklogs {
  if (flavor === 'datacenter') return new JiraDataCenterWorklogs(url, createJiraTransport({ host: url, auth: { type: 'bearer', token: `pat-${USERS[user].name}` } }));
  return new JiraCloudWorklogs(url, createJiraTransport({ host: url, auth: { type: 'basic', email: USERS[user].email, apiToken: DEMO_TOKEN } }));
}

async function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function realTime(): { nowMs(): number; sleep(ms: number): Promise<void>; random(): number } {
  return { nowMs: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random };
}

export interface UiWorklog {
  /** Jira's form, e.g. `2026-02-14T09:00:00.000+0000`. */
  started: string;
  seconds: number;
  comment?: string;
}

/** What a person does in Jira's UI, as the REST calls it makes (v2, plain-text comments). */
export class JiraUi {
  readonly #url: string;
  readonly #authorization: string;

  constructor(url: string, flavor: 'cloud' | 'datacenter', user: UserName) {
    this.#url = url;
    this.#authorization = flavor === 'datacenter'
      ? `Bearer pat-${USERS[user].name}`
      : `Basic ${Buffer.from(`${USERS[user].email}:${DEMO_TOKEN}`).toString('base64')}`;
  }

  /** Returns the new worklog's id. */
  async create(issueKey: string, worklog: UiWorklog): Promise<string> {
    const created = await this.#send('POST', `/rest/api/2/issue/${issueKey}/worklog`, body(worklog)) as { id: string };
    return created.id;
  }

  async update(issueKey: string, worklogId: string, worklog: Partial<UiWorklog>): Promise<void> {
    await this.#send('PUT', `/rest/api/2/issue/${issueKey}/worklog/${worklogId}`, body(worklog));
  }

  async remove(issueKey: string, worklogId: string): Promise<void> {
    await this.#send('DELETE', `/rest/api/2/issue/${issueKey}/worklog/${worklogId}`);
  }

  /** A fast test can write to one issue more often than Jira allows (docs/jira-api.md, "Rate limits"): then it waits as told. */
  async #send(method: string, path: string, payload?: unknown): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${this.#url}${path}`, {
        method,
        headers: { Authorization: this.#authorization, Accept: 'application/json', ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
      const text = await response.text();
      if (response.status === 429 && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? '1') * 1000));
        continue;
      }
      if (!response.ok) throw new Error(`Jira ${method} ${path}: ${response.status} ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    }
  }
}

function body(worklog: Partial<UiWorklog>): Record<string, unknown> {
  return {
    ...(worklog.started === undefined ? {} : { started: worklog.started }),
    ...(worklog.seconds === undefined ? {} : { timeSpentSeconds: worklog.seconds }),
    ...(worklog.comment === undefined ? {} : { comment: worklog.comment }),
  };
}
