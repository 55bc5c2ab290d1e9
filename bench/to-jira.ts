/**
 * bench/to-jira: Tract → Jira through the standalone controller (this thread) and the Jira simulator (a
 * worker thread) with 50 ms latency on every REST call, rate limits off (the controller is measured, not
 * Jira's limits). Git is a bare remote on disk.
 *
 * 1. 1,000 queued worklogs (one commit with their queue entries), on 1,000 issues: `total_seconds` from
 *    `POST /api/v1/repos/…/sync` until the controller reports nothing pending and the write-back pushed.
 *    `floor_seconds` follows the site queue's policy (docs/to-jira.md, "Batches"): batches of 10, one in
 *    flight, each opening 100 ms after the previous batch's first answer, which comes no sooner than the
 *    injected 50 ms latency; so (batches − 1) × (0.1 s + 0.05 s) + 0.05 s for the last, and no run can beat
 *    it. `ratio` = total / floor (goal ≤ 1.2).
 * 2. Trigger lag: one worklog pushed, then `POST …/sync`; until Jira has it (`lag_trigger_p50_ms`, `_p99_ms`).
 * 3. Poll lag: one worklog pushed, no trigger; the repo polls every 2 s (`lag_poll_p50_ms`).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { git, makeBareRemote, makeClone, removeTempDirs } from '../test/support/git-fixtures.ts';
import { encodeQueueEntry, nextQueueFileName, QUEUE_DIR } from '../shared/core/queue-entry.ts';
import type { BenchResult } from './lib/bench-result.ts';
import { benchId, fetchWorklogCount, recordLine, simAdmin, startSimWorker, startStandaloneController, waitUntil } from './lib/standalone-controller.ts';
import type { RunningController } from './lib/standalone-controller.ts';
import { percentile, round } from './lib/stats.ts';

const WORKLOGS = 1000;
const LATENCY_MS = 50;
const BATCH_SIZE = 10;
const BATCH_INTERVAL_MS = 100;
const LAG_SAMPLES = 20;
const POLL_SAMPLES = 8;
const POLL_INTERVAL = '2s';

interface Repo {
  name: string;
  remote: string;
  dev: string;
}

export async function run(): Promise<BenchResult> {
  const sim = await startSimWorker({
    seed: {
      users: [
        { email: 'john.mcmullan@example.com', name: 'john.mcmullan', apiToken: 'demo-token' },
        { email: 'tract-sync@example.com', name: 'tract-sync', apiToken: 'demo-token', admin: true },
      ],
      projects: [{ key: 'APP', issueCount: WORKLOGS + LAG_SAMPLES + POLL_SAMPLES + 10 }],
    },
    feedDelayMs: 0,
    rateLimits: { perIssueWrite: { enabled: false, windows: [] }, burst: { enabled: false, limit: 1, windowMs: 1000 } },
  });
  const trigger = await makeRepo('bench');
  const polled = await makeRepo('polled');
  const controller = await startStandaloneController([{ ...trigger, interval: '1h' }, { ...polled, interval: POLL_INTERVAL }], sim.url);
  try {
    await waitReady(controller, trigger.name);
    await waitReady(controller, polled.name);
    await simAdmin(sim.url, 'POST', 'faults', { path: '^/rest/', action: { type: 'latency', ms: LATENCY_MS } });
    const roundTripMs = await measureRoundTrip(sim.url);
    const totalSeconds = await bulk(controller, trigger, sim.url);
    const triggerLags = await lags(controller, trigger, sim.url, LAG_SAMPLES, WORKLOGS + 1, true);
    const pollLags = await lags(controller, polled, sim.url, POLL_SAMPLES, WORKLOGS + LAG_SAMPLES + 1, false);
    const floorSeconds = (Math.ceil(WORKLOGS / BATCH_SIZE) - 1) * ((BATCH_INTERVAL_MS + LATENCY_MS) / 1000) + LATENCY_MS / 1000;
    return {
      metrics: {
        worklogs: WORKLOGS,
        total_seconds: round(totalSeconds),
        floor_seconds: round(floorSeconds),
        ratio: round(totalSeconds / floorSeconds),
        round_trip_ms: round(roundTripMs),
        lag_trigger_p50_ms: round(percentile(triggerLags, 50)),
        lag_trigger_p99_ms: round(percentile(triggerLags, 99)),
        lag_poll_p50_ms: round(percentile(pollLags, 50)),
        poll_interval_ms: 2000,
      },
      goals: { ratio: { op: '<=', target: 1.2 } },
    };
  } finally {
    await controller.close();
    await sim.close();
    removeTempDirs();
  }
}

async function makeRepo(name: string): Promise<Repo> {
  const remote = await makeBareRemote();
  return { name, remote, dev: await makeClone(remote) };
}

async function waitReady(controller: RunningController, name: string): Promise<void> {
  await waitUntil(async () => {
    const repo = (await (await fetch(`${controller.url}/api/v1/repos/default/${name}`)).json()) as { ready: string };
    return repo.ready === 'True';
  }, 60_000, 50);
}

async function measureRoundTrip(simUrl: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    await fetchWorklogCount(simUrl, 'APP-1');
    samples.push(performance.now() - started);
  }
  return percentile(samples, 50);
}

/** 1,000 records with queue entries in one commit; seconds from the sync request until all are linked. */
async function bulk(controller: RunningController, repo: Repo, simUrl: string): Promise<number> {
  const run = randomBytes(2).toString('hex');
  const lines = Array.from({ length: WORKLOGS }, (_, i) => recordLine(benchId(run, i), `APP-${i + 1}`, i)).join('');
  const names: string[] = [];
  mkdirSync(`${repo.dev}/${QUEUE_DIR}`, { recursive: true });
  mkdirSync(`${repo.dev}/worklogs`, { recursive: true });
  writeFileSync(`${repo.dev}/worklogs/2026-02.jsonl`, lines);
  for (let i = 0; i < WORKLOGS; i += 1) {
    const name = nextQueueFileName(names, '2026-02-14');
    names.push(name);
    writeFileSync(`${repo.dev}/${QUEUE_DIR}/${name}`, encodeQueueEntry({ version: 1, worklogId: benchId(run, i), file: 'worklogs/2026-02.jsonl', queuedAt: '2026-02-14T10:00:00.000+01:00', reason: 'sync server unreachable' }));
  }
  await git(repo.dev, ['add', '--all']);
  await git(repo.dev, ['commit', '--quiet', '-m', `[tract] Log ${WORKLOGS} worklogs`]);
  await git(repo.dev, ['push', '--quiet', 'origin', 'main']);
  const started = performance.now();
  await fetch(`${controller.url}/api/v1/repos/default/${repo.name}/sync`, { method: 'POST' });
  await waitUntil(async () => {
    const state = (await (await fetch(`${controller.url}/api/v1/worklogs/${benchId(run, WORKLOGS - 1)}`)).json()) as { state?: string };
    if (state.state !== 'synced') return false;
    const detail = (await (await fetch(`${controller.url}/api/v1/repos/default/${repo.name}`)).json()) as { pending: number; queue: unknown[] };
    return detail.pending === 0 && detail.queue.length === 0;
  }, 300_000, 50);
  const seconds = (performance.now() - started) / 1000;
  if ((await fetchWorklogCount(simUrl, `APP-${WORKLOGS}`)) !== 1) throw new Error('the last worklog is not in Jira');
  return seconds;
}

/** Milliseconds from the push (and, with `trigger`, the sync request) until Jira has each worklog. */
async function lags(controller: RunningController, repo: Repo, simUrl: string, samples: number, firstIssue: number, trigger: boolean): Promise<number[]> {
  const run = randomBytes(2).toString('hex');
  const result: number[] = [];
  await git(repo.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
  for (let i = 0; i < samples; i += 1) {
    const issue = `APP-${firstIssue + i}`;
    mkdirSync(`${repo.dev}/worklogs`, { recursive: true });
    appendFileSync(`${repo.dev}/worklogs/2026-03.jsonl`, recordLine(benchId(run, i), issue, i).replace('2026-02-14', '2026-03-14'));
    await git(repo.dev, ['add', '--all']);
    await git(repo.dev, ['commit', '--quiet', '-m', `[tract] Log 1h to ${issue}`]);
    await git(repo.dev, ['push', '--quiet', 'origin', 'main']);
    const started = performance.now();
    if (trigger) await fetch(`${controller.url}/api/v1/repos/default/${repo.name}/sync`, { method: 'POST' });
    await waitUntil(async () => (await fetchWorklogCount(simUrl, issue)) === 1, 60_000, 5);
    result.push(performance.now() - started);
    // The write-back is pushed right after Jira answers; pull it so the next push is a fast-forward.
    await waitUntil(async () => {
      const state = (await (await fetch(`${controller.url}/api/v1/worklogs/${benchId(run, i)}`)).json()) as { state?: string };
      return state.state === 'synced';
    }, 60_000, 10);
    await git(repo.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
  }
  return result;
}
