/**
 * A world for operator-mode end-to-end tests: a Kubernetes API (the real kube-apiserver with the chart's
 * RBAC, or the project's test double: operator-cluster.ts), the Jira simulator, a bare git remote with a
 * developer clone, a kubeconfig file for the controller — and `tract-controller` processes
 * (bin/tract-controller.js, operator mode) started against it with their own state directories, as pods
 * of a Deployment would be. Everything the tests read from the API they read through the API.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiException, CoordinationV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { SimSeed } from '../../../tools/jira-sim/seed-types.ts';
import { commitFile, git, gitTestEnv, makeBareRemote, makeClone, tempDir } from '../../support/git-fixtures.ts';
import { DEMO_TOKEN, startJiraSim } from '../../support/jira-sim.ts';
import type { TestJiraSim } from '../../support/jira-sim.ts';
import { startOperatorCluster } from './operator-cluster.ts';
import type { ClusterKind, InstallOptions, OperatorCluster } from './operator-cluster.ts';

const BIN = fileURLToPath(new URL('../../../bin/tract-controller.js', import.meta.url));
export const TR = { group: 'tract.dev', version: 'v1alpha1', plural: 'tractrepos', namespace: 'default' } as const;
export const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
export const REPOS = 'tractrepos.tract.dev';
/**
 * Lease timing of the tests, near the defaults (15/10/2 s): a renewal held up by a busy machine must not
 * cost the leader its Lease (then it exits, by design, and every later test fails). Losing leadership is
 * tested on its own (lost-leadership.test.ts).
 */
export const LEASE = { durationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 1_000 };
export const LEASE_NAME = 'tract-controller-leader';

const SEED: SimSeed = {
  users: [
    { email: 'john.mcmullan@example.com', name: 'john.mcmullan', displayName: 'John McMullan', timeZone: 'Europe/London', apiToken: DEMO_TOKEN },
    { email: 'tract-sync@example.com', name: 'tract-sync', displayName: 'Tract Sync', timeZone: 'UTC', apiToken: DEMO_TOKEN, admin: true },
  ],
  projects: [{ key: 'APP', issueCount: 50 }],
};

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface RepoObject {
  metadata: { name: string; generation: number; uid: string; finalizers?: string[]; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
  status?: { observedGeneration?: number; conditions?: Condition[]; lastHandledReconcileAt?: string; failed?: number };
}

export interface ControllerProcess {
  identity: string;
  url: string;
  stateDir: string;
  child: ChildProcess;
  /** Everything it logged (JSON lines), for assertions and failure messages. */
  log: string[];
  /** Resolves with the exit code once it exited. */
  exited: Promise<number | null>;
  fetchText(path: string, init?: RequestInit): Promise<{ status: number; text: string }>;
  stop(): Promise<number | null>;
}

export interface LeaseObject {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}

export interface EventObject {
  involvedObject: { name?: string; uid?: string };
  reason?: string;
  type?: string;
}

export interface OperatorWorld {
  cluster: OperatorCluster;
  sim: TestJiraSim;
  remote: string;
  dev: string;
  kubeconfig: string;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  johnAccountId: string;
  startController(options: { identity: string; leaderElection?: boolean; env?: Record<string, string> }): Promise<ControllerProcess>;
  createJiraSecret(name?: string): Promise<void>;
  /** Creates a TractRepo on the world's remote (or on a fresh one of its own with `ownRemote`). */
  applyRepo(name: string, spec?: Record<string, unknown>, options?: { ownRemote?: boolean }): Promise<RepoObject>;
  patchRepo(name: string, body: Record<string, unknown>): Promise<RepoObject>;
  /** The TractRepo as the API server has it now (undefined once gone). */
  repo(name: string): Promise<RepoObject | undefined>;
  /** The controller's Lease, if any. */
  lease(): Promise<LeaseObject | undefined>;
  events(): Promise<EventObject[]>;
  pushWorklogs(ids: readonly string[], message?: string): Promise<void>;
  /** Jira worklogs carrying the `tract` property of record `id`. */
  inJira(id: string): number;
  close(): Promise<void>;
}

/** An operator world on the real API server (default) or on the project's test double. */
export async function startOperatorWorld(kind: ClusterKind = 'real', install: InstallOptions = {}): Promise<OperatorWorld> {
  const cluster = await startOperatorCluster(kind, install);
  const sim = await startJiraSim({ seed: SEED });
  const remote = await makeBareRemote();
  const dev = await makeClone(remote);
  const kubeconfig = join(tempDir('tract-kube-'), 'kubeconfig');
  writeFileSync(kubeconfig, cluster.controllerKubeconfig, { mode: 0o600 });
  const custom = cluster.admin.makeApiClient(CustomObjectsApi);
  const core = cluster.admin.makeApiClient(CoreV1Api);
  const coordination = cluster.admin.makeApiClient(CoordinationV1Api);
  const johnAccountId = sim.control.state().users.find((u) => u.name === 'john.mcmullan')?.accountId ?? '';
  const processes: ControllerProcess[] = [];
  let lines = '';
  let pushed = 0;
  return {
    cluster, sim, remote, dev, kubeconfig, custom, core, johnAccountId,
    startController: async (options) => {
      const started = await startControllerProcess(kubeconfig, { ...options, env: { ...cluster.controllerEnv, ...options.env } });
      processes.push(started);
      return started;
    },
    createJiraSecret: async (name = 'jira') => {
      await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name }, stringData: { email: 'tract-sync@example.com', apiToken: DEMO_TOKEN } } });
    },
    applyRepo: async (name, spec = {}, options = {}) => {
      const url = options.ownRemote ? await makeBareRemote() : remote;
      return (await custom.createNamespacedCustomObject({ ...TR, body: repoManifest(name, url, sim.url, johnAccountId, spec) })) as RepoObject;
    },
    patchRepo: async (name, body) => (await custom.patchNamespacedCustomObject({ ...TR, name, body }, MERGE_PATCH)) as RepoObject,
    repo: (name) => orUndefinedOn404(async () => (await custom.getNamespacedCustomObject({ ...TR, name })) as RepoObject),
    lease: () => orUndefinedOn404(async () => (await coordination.readNamespacedLease({ namespace: cluster.leaseNamespace, name: LEASE_NAME })) as LeaseObject),
    events: async () => (await core.listNamespacedEvent({ namespace: 'default' })).items as EventObject[],
    pushWorklogs: async (ids, message = '[tract] Log worklogs') => {
      await git(dev, ['pull', '--quiet', '--rebase']);
      for (const id of ids) {
        // A different start minute each: equal issue, author, minute and time would be a duplicate (docs/records.md).
        const started = `2026-02-14T${String(9 + Math.floor(pushed / 60)).padStart(2, '0')}:${String(pushed % 60).padStart(2, '0')}:00.000+01:00`;
        pushed += 1;
        lines += `${JSON.stringify({ id, issue: 'APP-7', author: 'john.mcmullan', time: '1h', started, comment: 'Operator e2e' })}\n`;
      }
      await commitFile(dev, 'worklogs/2026-02.jsonl', lines, message);
      await git(dev, ['push', '--quiet', 'origin', 'main']);
    },
    inJira: (id) => sim.control.state().worklogs.filter((w) => (w.properties.tract as { id?: string } | undefined)?.id === id).length,
    close: async () => {
      await Promise.all(processes.map((p) => p.stop()));
      await sim.close();
      await cluster.close();
    },
  };
}

async function orUndefinedOn404<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return undefined;
    throw err;
  }
}

function repoManifest(name: string, remote: string, simUrl: string, johnAccountId: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name },
    spec: {
      git: { url: `file://${remote}` },
      interval: '1h',
      jira: { url: simUrl, secretRef: { name: 'jira' }, reconcileInterval: '1h' },
      authors: [{ name: 'john.mcmullan', accountId: johnAccountId, email: 'john.mcmullan@example.com' }],
      ...spec,
    },
  };
}

async function startControllerProcess(kubeconfig: string, options: { identity: string; leaderElection?: boolean; env?: Record<string, string> }): Promise<ControllerProcess> {
  const stateDir = tempDir(`tract-operator-${options.identity}-`);
  const env = {
    ...gitTestEnv(),
    KUBECONFIG: kubeconfig,
    TRACT_STATE_DIR: stateDir,
    TRACT_PORT: '0',
    TRACT_HOST: '127.0.0.1',
    TRACT_LOG_FORMAT: 'json',
    TRACT_LOG_LEVEL: 'info',
    TRACT_BACKOFF_MAX: '2s',
    TRACT_LEADER_ELECTION: String(options.leaderElection ?? true),
    TRACT_LEASE_IDENTITY: options.identity,
    TRACT_LEASE_DURATION: `${LEASE.durationMs}ms`,
    TRACT_LEASE_RENEW_DEADLINE: `${LEASE.renewDeadlineMs}ms`,
    TRACT_LEASE_RETRY_PERIOD: `${LEASE.retryPeriodMs}ms`,
    ...options.env,
  };
  const child = spawn(process.execPath, [BIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`controller ${options.identity} did not start:\n${log.join('\n')}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        log.push(line);
        const entry = parseLine(line);
        if (entry?.message === 'controller listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      }
    });
    child.stdout.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    void exited.then((code) => reject(new Error(`controller ${options.identity} exited with ${String(code)}:\n${log.join('\n')}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    identity: options.identity, url, stateDir, child, log, exited,
    fetchText: async (path, init) => {
      const response = await fetch(`${url}${path}`, init);
      return { status: response.status, text: await response.text() };
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The condition `type` of a repo, if present. */
export function condition(repo: RepoObject | undefined, type: string): Condition | undefined {
  return repo?.status?.conditions?.find((c) => c.type === type);
}

/** Polls `check` until it returns a value (not undefined); fails after `timeoutMs` with `what`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The controller keeps a state directory (clone, sync state, journal) for `default/name`. */
export function hasStateDir(controller: ControllerProcess, name: string): boolean {
  return existsSync(join(controller.stateDir, 'default', name));
}

/** The clone the controller keeps for `ns/name` exists. */
export function hasClone(controller: ControllerProcess, name: string): boolean {
  return existsSync(join(controller.stateDir, 'default', name, 'clone'));
}

/** A metric's summed value from the Prometheus text of `/metrics`. */
export async function metricSum(controller: ControllerProcess, name: string): Promise<number> {
  const { text } = await controller.fetchText('/metrics');
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `)).reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** pod-a, started first and waited for until it leads (answers /readyz), then pod-b as its standby. */
export async function startLeaderAndStandby(world: OperatorWorld): Promise<{ leader: ControllerProcess; standby: ControllerProcess }> {
  const leader = await world.startController({ identity: 'pod-a' });
  await eventually(async () => ((await leader.fetchText('/readyz')).status === 200 ? true : undefined), 'pod-a leads');
  return { leader, standby: await world.startController({ identity: 'pod-b' }) };
}

/** After a failed test: the last log lines of each replica. */
export function printLogsIfFailed(state: string | undefined, replicas: readonly (ControllerProcess | undefined)[]): void {
  if (state !== 'failed') return;
  for (const c of replicas) process.stderr.write(`${c?.identity} log:\n${(c?.log ?? []).slice(-30).join('\n')}\n`);
}
