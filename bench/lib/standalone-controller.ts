/**
 * The standalone controller for benchmarks, assembled as `tract-controller --standalone` assembles it,
 * in this thread (the simulator runs in a worker): manifests file, Secrets from an env object, state dir,
 * express on a loopback port. Plus the git and Jira helpers the controller benchmarks share.
 */
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { stringify } from 'yaml';
import { assembleController } from '../../controller/assemble-controller.ts';
import type { Assembled } from '../../controller/assemble-controller.ts';
import { loadConfig } from '../../controller/config.ts';
import type { ControllerConfig } from '../../controller/config.ts';
import { silentLogger } from '../../controller/logging/create-logger.ts';
import { SecretMask } from '../../controller/secrets/secret-mask.ts';
import { standalonePorts } from '../../controller/standalone/standalone-ports.ts';
import { ControllerMetrics } from '../../controller/telemetry/metrics.ts';
import { systemTimers } from '../../controller/workqueue/timers.ts';
import { JiraCloudWorklogs } from '../../shared/jira/jira-cloud-worklogs.ts';
import { gitTestEnv, tempDir } from '../../test/support/git-fixtures.ts';
import type { JiraSimulatorOptions } from '../../tools/jira-sim/start-jira-simulator.ts';

export const SERVICE = { email: 'tract-sync@example.com', token: 'demo-token' };
export const SERVICE_AUTH = `Basic ${Buffer.from(`${SERVICE.email}:${SERVICE.token}`).toString('base64')}`;

export interface BenchRepo {
  name: string;
  remote: string;
  interval: string;
}

export interface RunningController {
  url: string;
  assembled: Assembled;
  close(): Promise<void>;
}

export async function startStandaloneController(repos: readonly BenchRepo[], jiraUrl: string, config: Partial<ControllerConfig> = {}): Promise<RunningController> {
  const dir = tempDir('tract-bench-controller-');
  const manifests = join(dir, 'repos.yaml');
  writeFileSync(manifests, repos.map((repo) => stringify(manifestOf(repo, jiraUrl))).join('---\n'));
  const env = { ...gitTestEnv(), TRACT_SECRET_JIRA_EMAIL: SERVICE.email, TRACT_SECRET_JIRA_APITOKEN: SERVICE.token };
  // Benchmarks poll the API far faster than one client address may (rateLimit): lift the limit.
  const full = { ...loadConfig({ env: {}, overrides: { mode: 'standalone', manifests, stateDir: join(dir, 'state') } }), rateLimit: { webhookPerMinute: 1e6, apiPerMinute: 1e6 }, ...config };
  const logger = silentLogger();
  const clock = { now: () => new Date() };
  const ports = standalonePorts({ config: full, env, clock, logger });
  const assembled = await assembleController({
    config: full, ports, logger, metrics: new ControllerMetrics(), mask: new SecretMask(), clock, timers: systemTimers, gitEnv: env, version: 'bench',
    worklogsFactory: (_flavor, site, transport) => new JiraCloudWorklogs(site, transport),
    siteTime: { nowMs: () => performance.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random },
  });
  await assembled.controller.start();
  const server = createServer(assembled.app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    assembled,
    close: async () => {
      await assembled.controller.stop(60_000);
      await assembled.inbound.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function manifestOf(repo: BenchRepo, jiraUrl: string): Record<string, unknown> {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name: repo.name },
    spec: {
      git: { url: pathToFileURL(repo.remote).href },
      interval: repo.interval,
      jira: { url: jiraUrl, secretRef: { name: 'jira' }, reconcileInterval: '1h' },
      authors: [{ name: 'john.mcmullan', email: 'john.mcmullan@example.com' }],
      sync: { direction: 'GitToJira' },
    },
  };
}

export interface SimWorker {
  url: string;
  close(): Promise<void>;
}

/** The simulator in a worker thread, so it does not share this thread's event loop. */
export async function startSimWorker(options: JiraSimulatorOptions): Promise<SimWorker> {
  const worker = new Worker(new URL('./jira-sim-worker.ts', import.meta.url), { workerData: options });
  const [message] = (await once(worker, 'message')) as [{ url: string }];
  return {
    url: message.url,
    close: async () => {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

/** Sends one admin request to the simulator (`/_sim/…`). */
export async function simAdmin(simUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${simUrl}/_sim/${path}`, {
    method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`jira-sim ${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** How many worklogs the issue has in Jira (one REST round trip). */
export async function fetchWorklogCount(simUrl: string, issue: string): Promise<number> {
  const response = await fetch(`${simUrl}/rest/api/2/issue/${issue}/worklog?maxResults=1`, { headers: { authorization: SERVICE_AUTH } });
  return ((await response.json()) as { total: number }).total;
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** A worklog record line for john.mcmullan on `issue`. */
export function recordLine(id: string, issue: string, minute: number): string {
  const started = new Date(Date.UTC(2026, 1, 14, 8, 0) + minute * 60_000).toISOString().replace('Z', '+00:00');
  return `${JSON.stringify({ id, issue, author: 'john.mcmullan', time: '1h', started, comment: `bench ${id.slice(-6)}` })}\n`;
}

/** A UUIDv7-shaped id that sorts by `n`. */
export function benchId(run: string, n: number): string {
  return `0199b000-${run.slice(0, 4)}-7000-8000-${String(n).padStart(12, '0')}`;
}
