/**
 * The standalone controller as main.ts assembles it, in process and on loopback: the Jira simulator, a
 * bare git remote with a developer clone, a manifests file and a state directory in temp dirs, and the
 * controller's express app on port 0. Secrets come from an env object the test can change.
 */
import { writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { assembleController } from '../../../controller/assemble-controller.ts';
import type { Assembled } from '../../../controller/assemble-controller.ts';
import { loadConfig } from '../../../controller/config.ts';
import type { ControllerConfig } from '../../../controller/config.ts';
import { silentLogger } from '../../../controller/logging/create-logger.ts';
import { SecretMask } from '../../../controller/secrets/secret-mask.ts';
import { standalonePorts } from '../../../controller/standalone/standalone-ports.ts';
import type { StandalonePorts } from '../../../controller/standalone/standalone-ports.ts';
import { ControllerMetrics } from '../../../controller/telemetry/metrics.ts';
import { systemTimers } from '../../../controller/workqueue/timers.ts';
import { JiraCloudWorklogs } from '../../../shared/jira/jira-cloud-worklogs.ts';
import { JiraDataCenterWorklogs } from '../../../shared/jira/jira-datacenter-worklogs.ts';
import type { SimSeed } from '../../../tools/jira-sim/seed-types.ts';
import { gitTestEnv, makeBareRemote, makeClone, tempDir } from '../../support/git-fixtures.ts';
import { DEMO_TOKEN, startJiraSim } from '../../support/jira-sim.ts';
import type { TestJiraSim } from '../../support/jira-sim.ts';

export const SEED: SimSeed = {
  users: [
    { email: 'john.mcmullan@example.com', name: 'john.mcmullan', displayName: 'John McMullan', timeZone: 'Europe/London', apiToken: DEMO_TOKEN },
    { email: 'sarah.jones@example.com', name: 'sarah.jones', displayName: 'Sarah Jones', timeZone: 'America/New_York', apiToken: DEMO_TOKEN },
    { email: 'tract-sync@example.com', name: 'tract-sync', displayName: 'Tract Sync', timeZone: 'UTC', apiToken: DEMO_TOKEN, admin: true },
  ],
  projects: [{ key: 'APP', issueCount: 1300 }],
};

export const JIRA_SECRET_ENV = { TRACT_SECRET_JIRA_EMAIL: 'tract-sync@example.com', TRACT_SECRET_JIRA_APITOKEN: DEMO_TOKEN };

export interface RepoManifest {
  name: string;
  namespace?: string;
  remote: string;
  spec?: Record<string, unknown>;
}

export interface ControllerHarness {
  sim: TestJiraSim;
  remote: string;
  dev: string;
  stateDir: string;
  manifestPath: string;
  env: Record<string, string | undefined>;
  url: string;
  assembled: Assembled;
  ports: StandalonePorts;
  metrics: ControllerMetrics;
  /** john.mcmullan's Cloud accountId on the simulator. */
  johnAccountId: string;
  manifest(repos: readonly RepoManifest[]): void;
  fetchJson<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string | undefined>;
  config?: Partial<ControllerConfig>;
  /** Manifests written before start; default one repo `default/app` on the remote. */
  repos?: (remote: string) => RepoManifest[];
}

export async function startControllerHarness(options: HarnessOptions = {}): Promise<ControllerHarness> {
  const sim = await startJiraSim({ seed: SEED });
  const remote = await makeBareRemote();
  const dev = await makeClone(remote);
  const stateDir = tempDir('tract-controller-state-');
  const manifestPath = join(tempDir('tract-manifests-'), 'repos.yaml');
  const env: Record<string, string | undefined> = { ...gitTestEnv(), ...JIRA_SECRET_ENV, ...options.env };
  const johnAccountId = sim.control.state().users.find((u) => u.name === 'john.mcmullan')?.accountId ?? '';
  const write = (repos: readonly RepoManifest[]): void => writeFileSync(manifestPath, repos.map((r) => stringify(tractRepo(r, sim.url, johnAccountId))).join('---\n'));
  write(options.repos?.(remote) ?? [{ name: 'app', remote }]);
  // Tests poll the API every 50 ms from one address: lift the per-address rate limit.
  const config = {
    ...loadConfig({ env: {}, overrides: { mode: 'standalone', manifests: manifestPath, stateDir } }),
    backoff: { minMs: 100, maxMs: 2000 }, rateLimit: { webhookPerMinute: 1e6, apiPerMinute: 1e6 }, ...options.config,
  };
  const logger = silentLogger();
  const clock = { now: () => new Date() };
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const ports = standalonePorts({ config, env, clock, logger });
  const assembled = await assembleController({
    config, ports, logger, metrics, mask: new SecretMask(), clock, timers: systemTimers, gitEnv: env, version: '1.0.0',
    worklogsFactory: (flavor, site, transport) => (flavor === 'datacenter' ? new JiraDataCenterWorklogs(site, transport) : new JiraCloudWorklogs(site, transport)),
    siteTime: { nowMs: () => performance.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random },
  });
  await assembled.controller.start();
  assembled.inbound.start();
  const server: Server = createServer(assembled.app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sim, remote, dev, stateDir, manifestPath, env, url, assembled, ports, metrics, johnAccountId,
    manifest: write,
    fetchJson: async <T>(path: string, init?: RequestInit) => {
      const response = await fetch(`${url}${path}`, init);
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    close: async () => {
      await assembled.controller.stop(10_000);
      await assembled.inbound.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sim.close();
    },
  };
}

/** A TractRepo manifest on the simulator, john.mcmullan and sarah.jones in the identity map. */
export function tractRepo(repo: RepoManifest, simUrl: string, johnAccountId: string): Record<string, unknown> {
  const spec = repo.spec ?? {};
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name: repo.name, ...(repo.namespace ? { namespace: repo.namespace } : {}) },
    spec: {
      git: { url: `file://${repo.remote}` },
      interval: '1h',
      authors: [
        { name: 'john.mcmullan', accountId: johnAccountId, email: 'john.mcmullan@example.com' },
        { name: 'sarah.jones', email: 'sarah.jones@example.com' },
      ],
      ...spec,
      // `spec.jira` given by a test adds to the simulator's connection (e.g. `projects`).
      jira: { url: simUrl, secretRef: { name: 'jira' }, reconcileInterval: '1h', ...(spec.jira as Record<string, unknown> | undefined) },
    },
  };
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
