/**
 * bench/jira-sim: worklog creates per second against the simulator, no faults, real HTTP (keep-alive, 32 in
 * flight), simulator in its own worker thread. Goal ≥ 2,000/s so the simulator is never the bottleneck of
 * Tract's own benchmarks. The per-issue write limit stays on (creates are spread over 2,000 issues, well under
 * 20 per 2 s each); the burst limit is raised because one user sends everything.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { JiraSimulatorOptions } from '../tools/jira-sim/start-jira-simulator.ts';
import type { BenchResult } from './lib/bench-result.ts';
import { runHttpLoad } from './lib/http-load.ts';
import { percentile, round } from './lib/stats.ts';

const ISSUES = 2000;
const WARMUP = 2000;
const CREATES = 20_000;
const CONCURRENCY = 32;

const options: JiraSimulatorOptions = {
  seed: {
    users: [{ email: 'bench@example.com', apiToken: 'bench-token', timeZone: 'Europe/Berlin' }],
    projects: [{ key: 'BENCH', issueCount: ISSUES }],
  },
  rateLimits: { burst: { enabled: true, limit: 1_000_000, windowMs: 1000 } },
  requestLogLimit: 200_000,
};

const headers = {
  authorization: `Basic ${Buffer.from('bench@example.com:bench-token').toString('base64')}`,
  'content-type': 'application/json',
};

function createRequest(i: number) {
  const body = JSON.stringify({
    started: '2026-02-14T09:00:00.000+0100',
    timeSpentSeconds: 3600,
    comment: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `work ${i}` }] }] },
    properties: [{ key: 'tract', value: { id: `rec-${i}`, repo: 'bench/repo' } }],
  });
  return { method: 'POST', path: `/rest/api/3/issue/BENCH-${(i % ISSUES) + 1}/worklog`, headers, body };
}

export async function run(): Promise<BenchResult> {
  const worker = new Worker(new URL('./lib/jira-sim-worker.ts', import.meta.url), { workerData: options });
  try {
    const [{ url }] = (await once(worker, 'message')) as [{ url: string }];
    await runHttpLoad(url, WARMUP, CONCURRENCY, createRequest);
    const load = await runHttpLoad(url, CREATES, CONCURRENCY, (i) => createRequest(WARMUP + i));
    const created = load.statuses.get(201) ?? 0;
    if (created !== CREATES) throw new Error(`expected ${CREATES} × 201, got ${JSON.stringify([...load.statuses])}`);
    return {
      metrics: {
        creates_per_second: round(CREATES / (load.elapsedMs / 1000), 0),
        creates: CREATES,
        concurrency: CONCURRENCY,
        latency_p50_ms: round(percentile(load.latenciesMs, 50)),
        latency_p99_ms: round(percentile(load.latenciesMs, 99)),
      },
      goals: { creates_per_second: { op: '>=', target: 2000 } },
    };
  } finally {
    worker.postMessage('close');
    await once(worker, 'exit');
  }
}
