/**
 * Real processes for the end-to-end tests: the bin wrappers run as children with Node 24 (this test
 * process's own node), their output collected, stopped with a signal by pid.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function binPath(name: string): string {
  return fileURLToPath(new URL(`../../../bin/${name}`, import.meta.url));
}

export interface Child {
  process: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves with the first stdout match of `pattern`, or rejects when the process ends first or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` to this pid and resolves with the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export function startChild(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); for (const l of listeners) l(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    process: child,
    output: () => ({ stdout, stderr }),
    waitForOutput: (pattern, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const check = (): void => {
        const match = stdout.match(pattern);
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`no ${pattern} in output within ${timeoutMs} ms:\n${stdout}\n${stderr}`)); }, timeoutMs);
      const cleanup = (): void => { clearTimeout(timer); listeners.delete(check); };
      void exited.then((code) => { if (listeners.has(check)) { cleanup(); reject(new Error(`exited (${code}) before ${pattern}:\n${stdout}\n${stderr}`)); } });
      listeners.add(check);
      check();
    }),
    stop: async (signal = 'SIGTERM', timeoutMs = 20_000) => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs a command to completion. */
export async function runToEnd(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startChild(command, args, options);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const [code] = (await once(child.process, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, ...child.output() };
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
