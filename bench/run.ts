/**
 * Benchmark harness: `npm run bench [-- NAME …]` runs `bench/<name>.ts` (all when no name is given), writes
 * `bench/results/<name>.json` (README.md), prints a table, and refreshes `bench/results/latest.json` and
 * `latest.md` (every benchmark's newest result with the machine it ran on). Benchmarks are not tests: a missed goal is
 * reported (✗) but only a benchmark that throws makes the exit code non-zero.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { type BenchModule, type BenchReport, evaluateGoals } from './lib/bench-result.ts';
import { formatTable } from './lib/format-table.ts';
import { writeLatest } from './lib/write-latest.ts';

const BENCH_DIR = new URL('./', import.meta.url);
const RESULTS_DIR = new URL('./results/', import.meta.url);

async function allNames(): Promise<string[]> {
  const files = await readdir(BENCH_DIR);
  return files.filter((f) => /^[a-z0-9-]+\.ts$/.test(f) && f !== 'run.ts').map((f) => f.slice(0, -3)).sort();
}

async function runOne(name: string): Promise<BenchReport> {
  const module = (await import(new URL(`./${name}.ts`, BENCH_DIR).href)) as BenchModule;
  const result = await module.run();
  return {
    name,
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    metrics: result.metrics,
    goals: evaluateGoals(result),
  };
}

async function main(argv: string[]): Promise<number> {
  const names = argv.length > 0 ? argv : await allNames();
  await mkdir(RESULTS_DIR, { recursive: true });
  const reports: BenchReport[] = [];
  let failed = 0;
  for (const name of names) {
    process.stderr.write(`bench: running ${name}…\n`);
    try {
      const report = await runOne(name);
      await writeFile(new URL(`${name}.json`, RESULTS_DIR), `${JSON.stringify(report, null, 2)}\n`);
      reports.push(report);
    } catch (err) {
      failed++;
      process.stderr.write(`✗ bench ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }
  process.stdout.write(`${formatTable(reports)}\n`);
  await writeLatest(RESULTS_DIR);
  process.stderr.write('bench: wrote bench/results/latest.json and latest.md\n');
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
