/**
 * bench/from-jira: Jira → Tract over real signed webhooks. The simulator runs in a worker thread and sends
 * webhooks to the controller's route (express on loopback) in this thread; the inbox journal, coalescer,
 * Jira reads (through the site queue: 10 requests per 100 ms) and git (a bare remote on disk) are real.
 *
 * 1. Single changes: 30 worklogs created in Jira one at a time, each waited for; lag = webhook receipt →
 *    pushed commit (`lag_p50_ms`, goal < 1000; `lag_p99_ms`).
 * 2. A burst: 1,000 worklogs created in Jira (16 in flight, over 100 issues); `total_seconds` from the first
 *    request to the last change pushed, `commits` the controller made for it (goal ≤ 20).
 */
import express from 'express';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { applyJiraEvents, fetchIssueRef } from '../controller/from-jira/apply-jira-events.ts';
import type { JiraSourceConfig, JiraSourceDeps } from '../controller/from-jira/apply-jira-events.ts';
import { IssueRefCache } from '../controller/from-jira/issue-ref-cache.ts';
import { JiraChangeCoalescer } from '../controller/jira-intake/jira-change-coalescer.ts';
import { JiraEventInbox } from '../controller/jira-intake/jira-event-inbox.ts';
import type { JiraWebhookEvent } from '../controller/jira-intake/jira-event-inbox.ts';
import { createJiraWebhookRoute } from '../controller/jira-intake/jira-webhook-route.ts';
import { RepoStateStore } from '../controller/state/repo-state-store.ts';
import { DEFAULT_DURATION_UNITS } from '../shared/core/parse-duration.ts';
import { GitRepository } from '../shared/git/git-repository.ts';
import { JiraCloudWorklogs } from '../shared/jira/jira-cloud-worklogs.ts';
import { DEFAULT_SITE_POLICY, JiraSiteQueue } from '../shared/jira/jira-site-queue.ts';
import { createJiraTransport } from '../shared/jira/jira-transport.ts';
import { git, gitTestEnv, makeBareRemote, removeTempDirs, tempDir } from '../test/support/git-fixtures.ts';
import type { JiraSimulatorOptions } from '../tools/jira-sim/start-jira-simulator.ts';
import type { BenchResult } from './lib/bench-result.ts';
import { runHttpLoad } from './lib/http-load.ts';
import { percentile, round } from './lib/stats.ts';

const ISSUES = 100;
const SINGLE_CHANGES = 30;
const BURST = 1000;
const CONCURRENCY = 16;
const SECRET = 'bench-secret';
const TIMEOUT_MS = 120_000;
const USERS = ['john.mcmullan', 'sarah.jones'];

const simOptions: JiraSimulatorOptions = {
  seed: {
    users: [...USERS.map((name) => ({ email: `${name}@example.com`, name, apiToken: 'bench-token' })), { email: 'sync@example.com', name: 'tract-sync', apiToken: 'bench-token', admin: true }],
    projects: [{ key: 'BENCH', issueCount: ISSUES }],
  },
  rateLimits: { burst: { enabled: true, limit: 1_000_000, windowMs: 1000 } },
  webhookRetryDelaysMs: [100, 500, 1000],
};

const auth = (name: string): string => `Basic ${Buffer.from(`${name}@example.com:bench-token`).toString('base64')}`;

function createRequest(i: number): { method: string; path: string; headers: Record<string, string>; body: string } {
  const day = String((i % 28) + 1).padStart(2, '0');
  const minute = String(i % 60).padStart(2, '0');
  return {
    method: 'POST',
    path: `/rest/api/2/issue/BENCH-${(i % ISSUES) + 1}/worklog`,
    headers: { authorization: auth(USERS[i % USERS.length]!), 'content-type': 'application/json' },
    body: JSON.stringify({ started: `2026-02-${day}T${String(8 + (i % 10)).padStart(2, '0')}:${minute}:00.000+0000`, timeSpentSeconds: 1800 + 60 * (i % 90), comment: `bench ${i}` }),
  };
}

/** Pushed changes, by worklog id: lag from webhook receipt to the end of the push. */
class PushLog {
  readonly lagMs = new Map<string, number>();
  #waiters: { count: number; resolve(): void }[] = [];

  flushed(events: readonly JiraWebhookEvent[]): void {
    const now = Date.now();
    for (const event of events) if (!this.lagMs.has(event.worklogId)) this.lagMs.set(event.worklogId, now - event.receivedAtMs);
    this.#waiters = this.#waiters.filter((w) => (this.lagMs.size >= w.count ? (w.resolve(), false) : true));
  }

  /** Resolves once `count` distinct worklogs were pushed in total. */
  until(count: number): Promise<void> {
    if (this.lagMs.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.lagMs.size} of ${count} changes pushed in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      this.#waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

interface Rig {
  simUrl: string;
  remote: string;
  pushes: PushLog;
  close(): Promise<void>;
}

async function startRig(worker: Worker, simUrl: string): Promise<Rig> {
  const remote = await makeBareRemote();
  const stateDir = tempDir('tract-bench-state-');
  const clone = await GitRepository.clone(remote, join(tempDir('tract-bench-clone-'), 'clone'), 'main', { env: gitTestEnv(), isolateConfig: true });
  const clock = { now: () => new Date() };
  const service = new JiraCloudWorklogs(simUrl, createJiraTransport({ host: simUrl, auth: { type: 'basic', email: 'sync@example.com', apiToken: 'bench-token' } }));
  const queue = new JiraSiteQueue(simUrl, DEFAULT_SITE_POLICY, { nowMs: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random });
  const deps: JiraSourceDeps = { git: clone, store: new RepoStateStore(stateDir), clock, jira: service, queue, issues: new IssueRefCache({ nowMs: () => Date.now() }) };
  const config: JiraSourceConfig = {
    repo: 'bench/app', remote: 'origin', branch: 'main', worklogDir: 'worklogs', units: DEFAULT_DURATION_UNITS,
    commitAuthor: { name: 'tract-sync', email: 'tract-sync@localhost' }, site: simUrl, projects: ['BENCH'], flavor: 'cloud', authors: [], timeZone: 'UTC',
  };
  const inbox = await JiraEventInbox.open(join(stateDir, 'inbox'), { clock });
  const pushes = new PushLog();
  const coalescer = new JiraChangeCoalescer({
    inbox,
    repos: () => [{ key: config.repo, site: simUrl, projects: config.projects, apply: (events) => applyJiraEvents(config, deps, events) }],
    resolveIssue: (_site, issueId) => fetchIssueRef(config, deps, issueId),
    onFlushed: (_repo, events) => pushes.flushed(events),
    onError: (_repo, err) => process.stderr.write(`bench from-jira: flush failed: ${String(err)}\n`),
  });
  const app = express();
  app.use(createJiraWebhookRoute({ inbox, clock, repos: () => [{ key: config.repo, site: simUrl, secret: SECRET }] }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const registered = await fetch(`${simUrl}/rest/webhooks/1.0/webhook`, {
    method: 'POST',
    headers: { authorization: auth('sync'), 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'tract', url: `${appUrl}/webhook/jira`, events: ['worklog_created', 'worklog_updated', 'worklog_deleted'], secret: SECRET }),
  });
  if (registered.status !== 201) throw new Error(`webhook registration failed: ${registered.status} ${await registered.text()}`);
  coalescer.start();
  return {
    simUrl, remote, pushes,
    close: async () => {
      await coalescer.stop();
      await inbox.close();
      await new Promise((resolve) => server.close(resolve));
      void worker;
    },
  };
}

async function singleChanges(rig: Rig): Promise<number[]> {
  const lags: number[] = [];
  for (let i = 0; i < SINGLE_CHANGES; i += 1) {
    const request = createRequest(100_000 + i);
    const response = await fetch(`${rig.simUrl}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
    const { id } = (await response.json()) as { id: string };
    await rig.pushes.until(i + 1);
    lags.push(rig.pushes.lagMs.get(id) ?? Number.NaN);
  }
  return lags;
}

export async function run(): Promise<BenchResult> {
  const worker = new Worker(new URL('./lib/jira-sim-worker.ts', import.meta.url), { workerData: simOptions });
  let rig: Rig | undefined;
  try {
    const [{ url }] = (await once(worker, 'message')) as [{ url: string }];
    rig = await startRig(worker, url);
    const lags = await singleChanges(rig);
    const commitsBefore = Number((await git(rig.remote, ['rev-list', '--count', 'main'])).trim());
    const burstIds = new Set(rig.pushes.lagMs.keys());
    const started = performance.now();
    const load = await runHttpLoad(url, BURST, CONCURRENCY, (i) => createRequest(i));
    if ((load.statuses.get(201) ?? 0) !== BURST) throw new Error(`expected ${BURST} × 201, got ${JSON.stringify([...load.statuses])}`);
    await rig.pushes.until(SINGLE_CHANGES + BURST);
    const totalSeconds = (performance.now() - started) / 1000;
    const commits = Number((await git(rig.remote, ['rev-list', '--count', 'main'])).trim()) - commitsBefore;
    const burstLags = [...rig.pushes.lagMs].filter(([id]) => !burstIds.has(id)).map(([, lag]) => lag);
    const lines = (await git(rig.remote, ['show', 'main:worklogs/2026-02.jsonl'])).split('\n').filter(Boolean).length;
    if (lines !== SINGLE_CHANGES + BURST) throw new Error(`expected ${SINGLE_CHANGES + BURST} lines in git, found ${lines}`);
    return {
      metrics: {
        changes: BURST,
        total_seconds: round(totalSeconds),
        commits,
        lag_p50_ms: round(percentile(lags, 50), 0),
        lag_p99_ms: round(percentile(lags, 99), 0),
        burst_lag_p50_ms: round(percentile(burstLags, 50), 0),
        burst_lag_p99_ms: round(percentile(burstLags, 99), 0),
        jira_create_seconds: round(load.elapsedMs / 1000),
      },
      goals: { commits: { op: '<=', target: 20 }, lag_p50_ms: { op: '<', target: 1000 } },
    };
  } finally {
    await rig?.close();
    worker.postMessage('close');
    await once(worker, 'exit');
    removeTempDirs();
  }
}
