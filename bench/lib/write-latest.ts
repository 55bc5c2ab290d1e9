/**
 * `bench/results/latest.json` and `latest.md`: the newest result of every benchmark in one place, with the
 * machine it ran on, for the README to quote (issue "Prove it").
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { BenchReport } from './bench-result.ts';

export interface LatestResults {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  reports: BenchReport[];
}

export async function writeLatest(resultsDir: URL): Promise<LatestResults> {
  const names = (await readdir(resultsDir)).filter((f) => f.endsWith('.json') && f !== 'latest.json').sort();
  const reports = await Promise.all(names.map(async (f) => JSON.parse(await readFile(new URL(f, resultsDir), 'utf8')) as BenchReport));
  const latest: LatestResults = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    reports,
  };
  await writeFile(new URL('latest.json', resultsDir), `${JSON.stringify(latest, null, 2)}\n`);
  await writeFile(new URL('latest.md', resultsDir), markdown(latest));
  return latest;
}

function markdown(latest: LatestResults): string {
  const m = latest.machine;
  const lines = [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}.`,
    '',
    '| benchmark | metric | value | goal | met | run |',
    '|---|---|---|---|---|---|',
  ];
  for (const report of latest.reports) {
    for (const [metric, value] of Object.entries(report.metrics)) {
      const goal = report.goals[metric];
      const met = goal === undefined ? '' : goal.met ? '✓' : '✗';
      lines.push(`| ${report.name} | \`${metric}\` | ${value} | ${goal ? `${goal.op} ${goal.target}` : ''} | ${met} | ${report.date.slice(0, 16)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
