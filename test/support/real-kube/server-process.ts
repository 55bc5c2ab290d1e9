/** A server binary run by a test: its output kept (the tail goes into errors), stopped with SIGTERM and awaited. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:https';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr). */
  tail(): string;
  /** Resolves once it exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startServerProcess(name: string, bin: string, args: readonly string[]): ServerProcess {
  const child = spawn(bin, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n').filter((l) => l !== ''));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name, child, exited,
    tail: () => lines.join('\n'),
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** GET over HTTPS trusting `ca`; the status code, or undefined when nothing answers yet (or `ca` is half written). */
export function httpsStatus(url: string, ca: string, token: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    try {
      const req = request(url, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(undefined));
      req.end();
    } catch {
      resolve(undefined);
    }
  });
}

/** Polls `check` every 100 ms until it returns true; fails with `what` and the process's output after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, process: ServerProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (process.child.exitCode !== null) throw new Error(`${process.name} exited with ${process.child.exitCode} before ${what}:\n${process.tail()}`);
    if (await check()) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${process.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
