/**
 * A real Prometheus (Debian's `prometheus` package) on a loopback port with a temp config and TSDB,
 * scraping the given targets every second, queried through its HTTP API.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from '../../support/git-fixtures.ts';
import { eventually } from '../controller/controller-harness.ts';

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusProcess {
  url: string;
  /** An instant query; the result vector (scalars come back as one sample). */
  query(expr: string): Promise<PromSample[]>;
  labelValues(label: string, match: string): Promise<string[]>;
  /** Waits until Prometheus scraped every target at least once after this call. */
  waitForScrape(): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startPrometheus(targets: readonly string[]): Promise<PrometheusProcess> {
  const dir = tempDir('tract-prometheus-');
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, stringify({
    global: { scrape_interval: '1s', scrape_timeout: '900ms', evaluation_interval: '1s' },
    scrape_configs: [{ job_name: 'tract-controller', static_configs: [{ targets: targets.map((t) => new URL(t).host) }] }],
  }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('prometheus', [
    `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', '--web.enable-lifecycle',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => void (log += chunk.toString()));
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  const query = async (expr: string): Promise<PromSample[]> => {
    const data = await api<{ resultType: string; result: PromSample[] | [number, string] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
    return data.resultType === 'scalar' ? [{ metric: {}, value: data.result as [number, string] }] : (data.result as PromSample[]);
  };
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await eventually(async () => ((await fetch(`${url}/-/ready`).catch(() => undefined))?.ok ? true : undefined), 30_000, 'Prometheus to be ready');
  } catch (err) {
    await close();
    throw new Error(`${(err as Error).message}: ${log}`, { cause: err });
  }
  return {
    url,
    query,
    labelValues: async (label, match) => api<string[]>(`/api/v1/label/${label}/values?match[]=${encodeURIComponent(match)}`),
    waitForScrape: async () => {
      const since = Date.now() / 1000;
      await eventually(async () => {
        const targetsNow = await api<{ activeTargets: { lastScrape: string; health: string }[] }>('/api/v1/targets');
        const done = targetsNow.activeTargets.every((t) => t.health === 'up' && Date.parse(t.lastScrape) / 1000 > since);
        return done && targetsNow.activeTargets.length > 0 ? true : undefined;
      }, 15_000, 'a scrape of every target');
    },
    close,
  };
}
