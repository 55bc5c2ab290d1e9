/**
 * Quick measurement for docs/git.md (not a test): the adapter's `tract log` path (open + add + commit in
 * a fresh Node process; the month file is tracked, so one `git commit --only`) against Node start-up and one plain `git commit`.
 * Run: npx node test/integration/git/measure-git-commit.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRepository, type GitCommandEvent } from '../../../shared/git/git-repository.ts';
import { gitTestEnv } from '../../support/git-fixtures.ts';

const FILE = 'worklogs/2026-02.jsonl';

async function child(dir: string): Promise<void> {
  const startedAt = performance.now();
  const commands: string[] = [];
  const repo = await GitRepository.open(dir, { env: process.env, onCommand: (event: GitCommandEvent) => commands.push(event.command) });
  appendFileSync(join(repo.dir, FILE), '{"issue":"APP-1","author":"a","time":"2h","started":"2026-02-14T09:00:00.000+01:00"}\n');
  await repo.commit('[tract] Log 2h to APP-1', { paths: [FILE] });
  process.stdout.write(JSON.stringify({ commands: commands.join(','), inProcessMs: performance.now() - startedAt }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeMs(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const startedAt = performance.now();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return { ms: performance.now() - startedAt, stdout: result.stdout };
}

function measure(runs: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'tract-measure-'));
  const env = gitTestEnv();
  try {
    spawnSync('git', ['init', '-q', '-b', 'main', dir], { env });
    mkdirSync(join(dir, 'worklogs'));
    const node: number[] = [];
    const gitCommit: number[] = [];
    const adapter: number[] = [];
    const inProcess: number[] = [];
    const emptyTs: number[] = [];
    const empty = join(dir, 'empty.ts');
    writeFileSync(empty, 'export {};\n');
    let commands = '';
    for (let run = 0; run < runs; run += 1) {
      node.push(timeMs(process.execPath, ['-e', ''], dir, env).ms);
      appendFileSync(join(dir, FILE), `plain ${run}\n`);
      spawnSync('git', ['add', FILE], { cwd: dir, env });
      gitCommit.push(timeMs('git', ['commit', '-q', '-m', `plain ${run}`], dir, env).ms);
      const result = timeMs(process.execPath, [import.meta.filename, 'child', dir], dir, env);
      adapter.push(result.ms);
      const parsed = JSON.parse(result.stdout) as { commands: string; inProcessMs: number };
      inProcess.push(parsed.inProcessMs);
      commands = parsed.commands;
      emptyTs.push(timeMs(process.execPath, [empty], dir, env).ms);
    }
    const [n, g, a] = [median(node), median(gitCommit), median(adapter)];
    const report = {
      runs,
      node_start_median_ms: n,
      node_empty_ts_median_ms: median(emptyTs),
      git_commit_median_ms: g,
      adapter_process_median_ms: a,
      adapter_open_and_commit_median_ms: median(inProcess),
      ratio: a / (n + g),
      git_commands: commands,
    };
    console.log(JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value * 100) / 100 : value), 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') await child(process.argv[3] ?? '.');
else measure(Number(process.argv[2] ?? 21));
