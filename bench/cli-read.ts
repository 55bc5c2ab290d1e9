/**
 * `cli-read`: the installed `tract` reading a long history — 250,000 records in 60 month files
 * (2021-01 … 2025-12, 25 authors, 2,000 issues, most lines linked to Jira) — next to `jq` (Debian's)
 * doing the same selection over the same files:
 * - `tract worklogs APP-1234 --json`  vs  `jq -c 'select(.issue == "APP-1234")' worklogs/*.jsonl`
 * - `tract timesheet dev07 --month 2025-06 --format json`  vs  `jq -c 'select(.author == "dev07" and
 *   (.started | startswith("2025-06")))' worklogs/*.jsonl`
 * Tract reads every month file for either (a record's lines resolve by id across files: docs/records.md).
 * Goal: tract ≤ 1.5 × jq for each, medians of 15 interleaved runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import type { BenchResult } from './lib/bench-result.ts';
import { installTract } from './lib/installed-tract.ts';
import { median, round } from './lib/stats.ts';

const RECORDS = 250_000;
const MONTHS = 60;
const AUTHORS = 25;
const ISSUES = 2_000;
const RUNS = 15;
const WARM_UP = 2;
const ISSUE = 'APP-1234';
const AUTHOR = 'dev07';
const MONTH = '2025-06';
const TIMES = ['30m', '1h', '1.5h', '2h', '45m', '3h', '1h 15m'];
const COMMENTS = ['Code review', 'Fixed bug', 'Pairing on the parser', 'Standup and planning', 'Refactoring', ''];

export async function run(): Promise<BenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'tract-bench-cli-read-'));
  try {
    const installed = installTract(root);
    const repo = join(root, 'timesheets');
    generateHistory(repo);
    const env = { ...process.env, HOME: join(root, 'home'), PATH: installed.path, NO_COLOR: '1', TZ: 'UTC' };
    mkdirSync(env.HOME, { recursive: true });
    const files = readdirSync(join(repo, 'worklogs')).sort().map((name) => `worklogs/${name}`);
    const cases = {
      worklogs: {
        tract: [installed.bin, 'worklogs', ISSUE, '--json'],
        jq: ['jq', '-c', `select(.issue == "${ISSUE}")`, ...files],
      },
      timesheet: {
        tract: [installed.bin, 'timesheet', AUTHOR, '--month', MONTH, '--format', 'json'],
        jq: ['jq', '-c', `select(.author == "${AUTHOR}" and (.started | startswith("${MONTH}")))`, ...files],
      },
    };
    const samples: Record<string, number[]> = { worklogs_tract: [], worklogs_jq: [], timesheet_tract: [], timesheet_jq: [] };
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      for (const [name, commands] of Object.entries(cases)) {
        const tract = timed(() => runChecked(commands.tract, repo, env));
        const jq = timed(() => runChecked(commands.jq, repo, env));
        if (i < WARM_UP) continue;
        samples[`${name}_tract`]?.push(tract);
        samples[`${name}_jq`]?.push(jq);
      }
    }
    return summarise(samples);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function summarise(samples: Record<string, number[]>): BenchResult {
  const m = (name: string) => median(samples[name] ?? []);
  return {
    metrics: {
      worklogs_tract_median_ms: round(m('worklogs_tract'), 1),
      worklogs_jq_median_ms: round(m('worklogs_jq'), 1),
      worklogs_ratio: round(m('worklogs_tract') / m('worklogs_jq'), 2),
      timesheet_tract_median_ms: round(m('timesheet_tract'), 1),
      timesheet_jq_median_ms: round(m('timesheet_jq'), 1),
      timesheet_ratio: round(m('timesheet_tract') / m('timesheet_jq'), 2),
      records: RECORDS,
      month_files: MONTHS,
      runs: RUNS,
    },
    goals: { worklogs_ratio: { op: '<=', target: 1.5 }, timesheet_ratio: { op: '<=', target: 1.5 } },
  };
}

/** A deterministic history: record i goes to month i mod 60, so every file holds about 4,167 lines. */
function generateHistory(repo: string): void {
  mkdirSync(join(repo, '.tract'), { recursive: true });
  mkdirSync(join(repo, 'worklogs'));
  writeFileSync(join(repo, '.tract', 'config.yaml'), `author: ${AUTHOR}\ntimezone: UTC\nsync:\n  enabled: false\n`);
  const lines: string[][] = Array.from({ length: MONTHS }, () => []);
  for (let i = 0; i < RECORDS; i++) {
    const month = i % MONTHS;
    const year = 2021 + Math.floor(month / 12);
    const monthText = String((month % 12) + 1).padStart(2, '0');
    const day = String(1 + (Math.floor(i / MONTHS) % 28)).padStart(2, '0');
    const hour = String(8 + (i % 9)).padStart(2, '0');
    const started = `${year}-${monthText}-${day}T${hour}:${String(i % 60).padStart(2, '0')}:00.000+00:00`;
    const record: Record<string, unknown> = {
      id: v7({ msecs: Date.parse(started), random: randomBytesFor(i) }),
      issue: `APP-${1 + ((i * 7919) % ISSUES)}`,
      author: `dev${String(i % AUTHORS).padStart(2, '0')}`,
      time: TIMES[i % TIMES.length],
      started,
    };
    const comment = COMMENTS[i % COMMENTS.length];
    if (comment) record.comment = comment;
    if (i % 10 !== 0) record.jira = { worklogId: String(100_000 + i), issueId: String(10_000 + (i % ISSUES)), syncedAt: started };
    lines[month]?.push(JSON.stringify(record));
  }
  lines.forEach((month, index) => {
    const name = `${2021 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}.jsonl`;
    writeFileSync(join(repo, 'worklogs', name), `${month.join('\n')}\n`);
  });
  runChecked(['git', 'init', '--quiet', '--initial-branch=main'], repo, process.env);
}

function randomBytesFor(i: number): Uint8Array {
  const bytes = new Uint8Array(16);
  let x = (i + 1) * 2654435761;
  for (let b = 0; b < 16; b++) {
    x = (x ^ (x >>> 13)) * 1274126177;
    bytes[b] = x & 0xff;
  }
  return bytes;
}

function runChecked(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const [file, ...args] = command;
  const result = spawnSync(file ?? '', args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command.slice(0, 4).join(' ')} … failed (${String(result.status)}): ${result.stderr.slice(0, 500)}`);
}

function timed(fn: () => void): number {
  const startedAt = performance.now();
  fn();
  return performance.now() - startedAt;
}
