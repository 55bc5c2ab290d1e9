/**
 * Runs one Tract → Jira pass in a child process (`to-jira-runner.ts`) and kills it with SIGKILL at a
 * chosen point: after Jira has received a number of creates, or after a delay — whichever comes first.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToJiraHarness } from './to-jira-harness.ts';

const RUNNER = fileURLToPath(new URL('./to-jira-runner.ts', import.meta.url));

export interface KillPoint {
  /** Kill once Jira has seen this many worklog creates in total (POST …/worklog). */
  afterCreates?: number;
  /** Kill this long after the process was started. */
  afterMs?: number;
}

export interface KillOutcome {
  /** The pass ended on its own before the kill point. */
  finished: boolean;
  creates: number;
}

const CREATE_PATH = /\/rest\/api\/3\/issue\/[^/]+\/worklog$/;

export async function countCreates(h: ToJiraHarness): Promise<number> {
  return (await h.sim.requests()).filter((r) => r.method === 'POST' && CREATE_PATH.test(r.path)).length;
}

export async function runAndKill(h: ToJiraHarness, point: KillPoint): Promise<KillOutcome> {
  const paths = { simUrl: h.sim.url, stateDir: h.stateDir, controllerCloneDir: h.controllerCloneDir };
  const child = spawn(process.execPath, [RUNNER, JSON.stringify(paths)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (point.afterMs !== undefined && performance.now() - started >= point.afterMs) break;
    if (point.afterCreates !== undefined && (await countCreates(h)) >= point.afterCreates) break;
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  const finished = child.exitCode !== null;
  child.kill('SIGKILL');
  await exited;
  clearGitLocks(h.controllerCloneDir);
  return { finished, creates: await countCreates(h) };
}

/** A SIGKILL can leave git's locks behind; the controller clears them when it starts. */
export function clearGitLocks(cloneDir: string): void {
  for (const lock of ['index.lock', 'HEAD.lock', 'refs/heads/main.lock', 'refs/remotes/origin/main.lock']) {
    const path = join(cloneDir, '.git', lock);
    if (existsSync(path)) rmSync(path);
  }
}
