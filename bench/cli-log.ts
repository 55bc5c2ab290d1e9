/**
 * `cli-log`: median wall time of `tract log` offline (the sync server refuses connections, no git remote:
 * the line and a queue entry are written and committed), run 50 times through the installed `tract` (the
 * tract-cli tarball installed globally into a temporary prefix: bench/lib/installed-tract.ts), next to the
 * same append + commit done with plain git, a bare `node -e 0` start, and the floor: a minimal Node script
 * doing only the unavoidable part of `tract log` (bench/lib/cli-log-floor.cjs).
 * Goals, both from the same run: ratio = tract / (git commit + node start) ≤ 1.65, and
 * tract_floor_ratio = tract / floor ≤ 1.25. The four are interleaved so that machine noise hits them alike.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './lib/bench-result.ts';
import { installTract } from './lib/installed-tract.ts';
import { median, round } from './lib/stats.ts';

const RUNS = 50;
const WARM_UP = 3;
const FLOOR_SCRIPT = fileURLToPath(new URL('./lib/cli-log-floor.cjs', import.meta.url));
const CONFIG = 'author: bench\ntimezone: UTC\nsync:\n  enabled: true\n  server: http://127.0.0.1:9\n';

export async function run(): Promise<BenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'tract-bench-cli-log-'));
  try {
    const installed = installTract(root);
    const env = { ...benchEnv(root), PATH: installed.path };
    const tractRepo = setUpRepo(join(root, 'tract'), env);
    const gitRepo = setUpRepo(join(root, 'git'), env);
    const floorRepo = setUpRepo(join(root, 'floor'), env);
    for (const repo of [tractRepo, floorRepo]) {
      writeFileSync(join(repo, '.tract', 'config.yaml'), CONFIG);
      commit(repo, env, 'config');
    }
    const samples = { tract: [] as number[], git: [] as number[], node: [] as number[], floor: [] as number[] };
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const tract = timed(() => runChecked(installed.bin, ['log', 'APP-1', '30m', `bench ${i}`], tractRepo, env));
      const git = timed(() => plainGitLog(gitRepo, env, i));
      const node = timed(() => runChecked(process.execPath, ['-e', '0'], root, env));
      const floor = timed(() => runChecked(process.execPath, [FLOOR_SCRIPT, String(i)], floorRepo, env));
      if (i < WARM_UP) continue;
      samples.tract.push(tract);
      samples.git.push(git);
      samples.node.push(node);
      samples.floor.push(floor);
    }
    const tractMs = median(samples.tract);
    const gitMs = median(samples.git);
    const nodeMs = median(samples.node);
    const floorMs = median(samples.floor);
    return {
      metrics: {
        tract_log_median_ms: round(tractMs, 1),
        git_commit_median_ms: round(gitMs, 1),
        node_start_median_ms: round(nodeMs, 1),
        ratio: round(tractMs / (gitMs + nodeMs), 2),
        floor_median_ms: round(floorMs, 1),
        floor_ratio: round(floorMs / (gitMs + nodeMs), 2),
        tract_floor_ratio: round(tractMs / floorMs, 2),
        runs: RUNS,
      },
      goals: { ratio: { op: '<=', target: 1.65 }, tract_floor_ratio: { op: '<=', target: 1.25 } },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function benchEnv(root: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('GIT_') && !name.startsWith('TRACT_')) env[name] = value;
  }
  const home = join(root, 'home');
  mkdirSync(home);
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  };
}

function setUpRepo(dir: string, env: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  runChecked('git', ['init', '--quiet', '--initial-branch=main'], dir, env);
  mkdirSync(join(dir, '.tract'), { recursive: true });
  mkdirSync(join(dir, 'worklogs'), { recursive: true });
  writeFileSync(join(dir, '.gitattributes'), 'worklogs/*.jsonl merge=union\n');
  writeFileSync(join(dir, 'worklogs', '.gitkeep'), '');
  commit(dir, env, 'init');
  return dir;
}

function commit(dir: string, env: Record<string, string>, message: string): void {
  runChecked('git', ['add', '--all'], dir, env);
  runChecked('git', ['commit', '--quiet', '-m', message], dir, env);
}

/** The baseline: what `tract log` does, by hand — append one line, `git add`, `git commit`. */
function plainGitLog(dir: string, env: Record<string, string>, i: number): void {
  const line = JSON.stringify({ id: `bench-${i}`, issue: 'APP-1', author: 'bench', time: '30m', started: '2026-02-12T09:00:00.000+00:00' });
  appendFileSync(join(dir, 'worklogs', '2026-02.jsonl'), `${line}\n`);
  runChecked('git', ['add', 'worklogs/2026-02.jsonl'], dir, env);
  runChecked('git', ['commit', '--quiet', '-m', '[tract] Log 30m to APP-1'], dir, env);
}

function runChecked(command: string, args: string[], cwd: string, env: Record<string, string>): void {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}): ${result.stderr}`);
}

function timed(fn: () => void): number {
  const startedAt = performance.now();
  fn();
  return performance.now() - startedAt;
}
