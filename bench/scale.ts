/**
 * bench/scale: 500 TractRepos on one standalone controller (`bin/tract-controller.js` as a child process,
 * so its CPU and memory are its own), the Jira simulator (a worker thread; rate limits off), and 500 local
 * bare remotes with two worklogs each; each repo syncs its own Jira project.
 *
 * - `first_round_seconds`: start → every repo Ready (clone, 1,000 creates in Jira, write-backs, feed reads).
 * - `rss_mib`: the controller's peak resident memory over the whole run (goal < 512); `rss_steady_mib`
 *   its peak during the steady-state minute.
 * - `cpu_percent`: steady state (repos polled every minute, nothing new), % of one core over 60 s,
 *   including the git processes it runs; `cpu_percent_node` without them.
 * - `round_seconds`: a sync requested for all 500 at once, until each has finished a pass.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { gitTestEnv, makeBareRemote, removeTempDirs, tempDir } from '../test/support/git-fixtures.ts';
import { binPath, freePort, startChild, waitForHttp } from '../test/integration/e2e-standalone/processes.ts';
import type { BenchResult } from './lib/bench-result.ts';
import { SERVICE, benchId, recordLine, startSimWorker, waitUntil } from './lib/standalone-controller.ts';
import { round } from './lib/stats.ts';

const REPOS = Number(process.env.TRACT_BENCH_REPOS ?? 500);
const STEADY_MS = 60_000;
const CLOCK_TICKS = 100;

interface RepoSummary {
  namespace: string;
  name: string;
  ready: string;
  reason: string;
  message: string;
  lastSyncTime: string | null;
}

export async function run(): Promise<BenchResult> {
  const sim = await startSimWorker({
    seed: {
      users: [
        { email: 'john.mcmullan@example.com', name: 'john.mcmullan', apiToken: 'demo-token' },
        { email: SERVICE.email, name: 'tract-sync', apiToken: SERVICE.token, admin: true },
      ],
      projects: Array.from({ length: REPOS }, (_, i) => ({ key: projectKey(i), issueCount: 2 })),
    },
    feedDelayMs: 0,
    rateLimits: { perIssueWrite: { enabled: false, windows: [] }, burst: { enabled: false, limit: 1, windowMs: 1000 } },
  });
  const dir = tempDir('tract-bench-scale-');
  const manifests = join(dir, 'repos.yaml');
  writeFileSync(manifests, (await makeRemotes(REPOS)).map((remote, i) => stringify(manifest(i, remote, sim.url))).join('---\n'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const startedMs = performance.now();
  const controller = startChild(process.execPath, [binPath('tract-controller.js'), '--standalone', '-f', manifests, '--state-dir', join(dir, 'state'), '--port', String(port), '--log-format', 'json', '--log-level', 'error'], {
    // The benchmark asks for 500 syncs at once from one address: above the API's per-address limit.
    env: { ...gitTestEnv(), TRACT_SECRET_JIRA_EMAIL: SERVICE.email, TRACT_SECRET_JIRA_APITOKEN: SERVICE.token, TRACT_RATE_LIMIT_API: '100000', ...(process.env.TRACT_BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.TRACT_BENCH_NODE_OPTIONS } : {}) },
  });
  const pid = controller.process.pid ?? 0;
  const memory = new PeakRss(pid);
  try {
    await waitForHttp(`${url}/readyz`, 60_000);
    await waitUntil(async () => progress(await repos(url)), 600_000, 1000);
    const firstRoundSeconds = (performance.now() - startedMs) / 1000;
    const steadyMemory = new PeakRss(pid);
    const steady = await measureCpu(pid, STEADY_MS);
    const steadyRss = steadyMemory.stop();
    const roundSeconds = await fullRound(url);
    return {
      metrics: {
        repos: REPOS,
        rss_mib: round(memory.stop() / 1024 / 1024, 1),
        rss_steady_mib: round(steadyRss / 1024 / 1024, 1),
        cpu_percent: round(steady.withChildren, 1),
        cpu_percent_node: round(steady.node, 1),
        round_seconds: round(roundSeconds),
        first_round_seconds: round(firstRoundSeconds),
      },
      goals: { rss_mib: { op: '<', target: 512 } },
    };
  } catch (err) {
    process.stderr.write(`scale: controller stderr (last lines):\n${controller.output().stderr.slice(-3000)}\n`);
    throw err;
  } finally {
    memory.stop();
    await controller.stop('SIGTERM', 60_000);
    await sim.close();
    removeTempDirs();
  }
}

/** Bare remotes with two worklogs each, four created at a time. */
async function makeRemotes(count: number): Promise<string[]> {
  const remotes: string[] = new Array<string>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const lines = [0, 1].map((k) => recordLine(benchId('5ca1', i * 2 + k), `${projectKey(i)}-${k + 1}`, k)).join('');
      remotes[i] = await makeBareRemote({ files: { '.gitattributes': 'worklogs/*.jsonl merge=union\n', 'worklogs/2026-02.jsonl': lines } });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return remotes;
}

function manifest(i: number, remote: string, jiraUrl: string): Record<string, unknown> {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name: `repo-${String(i).padStart(3, '0')}`, namespace: `team-${i % 10}` },
    spec: {
      git: { url: pathToFileURL(remote).href },
      interval: '1m',
      jira: { url: jiraUrl, secretRef: { name: 'jira' }, projects: [projectKey(i)], reconcileInterval: '5m' },
      authors: [{ name: 'john.mcmullan', email: 'john.mcmullan@example.com' }],
    },
  };
}

let lastReport = 0;

/** True when every repo is Ready; reports how many are, every 10 s, and why the others are not. */
function progress(items: readonly RepoSummary[]): boolean {
  const waiting = items.filter((r) => r.ready !== 'True');
  if (performance.now() - lastReport > 10_000) {
    lastReport = performance.now();
    const reasons = new Map<string, number>();
    for (const r of waiting) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    process.stderr.write(`scale: ${items.length - waiting.length}/${items.length} Ready; waiting: ${JSON.stringify([...reasons])} ${waiting[0]?.message ?? ''}\n`);
  }
  return waiting.length === 0;
}

/** Each repo syncs its own Jira project (repos sharing a project would each mirror all of its worklogs). */
function projectKey(i: number): string {
  return `P${String(i).padStart(3, '0')}`;
}

async function repos(url: string): Promise<RepoSummary[]> {
  const response = await fetch(`${url}/api/v1/repos`);
  const body = (await response.json()) as { items?: RepoSummary[] };
  if (!body.items) throw new Error(`GET /api/v1/repos answered ${response.status}: ${JSON.stringify(body)}`);
  return body.items;
}

/** Asks every repo for a pass at once; seconds until each has finished one after the request. */
async function fullRound(url: string): Promise<number> {
  const before = new Map((await repos(url)).map((r) => [r.name, r.lastSyncTime]));
  const started = performance.now();
  await Promise.all((await repos(url)).map((r) => fetch(`${url}/api/v1/repos/${r.namespace}/${r.name}/sync`, { method: 'POST' }).catch(() => undefined)));
  await waitUntil(async () => (await repos(url)).every((r) => r.lastSyncTime !== before.get(r.name)), 600_000, 250);
  return (performance.now() - started) / 1000;
}

/** /proc/<pid>/stat: utime, stime, cutime, cstime in clock ticks. */
function cpuTicks(pid: number): { node: number; withChildren: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return { node: utime! + stime!, withChildren: utime! + stime! + cutime! + cstime! };
}

async function measureCpu(pid: number, windowMs: number): Promise<{ node: number; withChildren: number }> {
  const start = cpuTicks(pid);
  const startedMs = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const end = cpuTicks(pid);
  const seconds = (performance.now() - startedMs) / 1000;
  const percent = (ticks: number): number => (ticks / CLOCK_TICKS / seconds) * 100;
  return { node: percent(end.node - start.node), withChildren: percent(end.withChildren - start.withChildren) };
}

/** Samples VmRSS every 200 ms and keeps the peak. */
class PeakRss {
  #peakBytes = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(pid: number) {
    this.#timer = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        this.#peakBytes = Math.max(this.#peakBytes, kb * 1024);
      } catch {
        // The process has ended.
      }
    }, 200);
  }

  stop(): number {
    clearInterval(this.#timer);
    return this.#peakBytes;
  }
}
