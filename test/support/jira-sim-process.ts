/**
 * The Jira simulator in a child process, driven over HTTP only (REST and its `/_sim` admin API): for
 * tests whose timing must not share an event loop with the code under test.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FaultRule } from '../../tools/jira-sim/fault-rules.ts';
import type { RequestRecord } from '../../tools/jira-sim/request-log.ts';
import type { SimState } from '../../tools/jira-sim/sim-state.ts';

const BIN = fileURLToPath(new URL('../../bin/tract-jira-sim.js', import.meta.url));

export interface JiraSimProcess {
  url: string;
  state(): Promise<SimState>;
  requests(): Promise<RequestRecord[]>;
  clearRequests(): Promise<void>;
  addFault(rule: Omit<FaultRule, 'id'>): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

export async function startJiraSimProcess(args: readonly string[] = []): Promise<JiraSimProcess> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--feed-delay-ms', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForUrl(child);
  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}/_sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`jira-sim admin ${method} ${path}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    state: async () => (await admin('GET', 'state')) as SimState,
    requests: async () => (await admin('GET', 'requests')) as RequestRecord[],
    clearRequests: async () => void (await admin('DELETE', 'requests')),
    addFault: async (rule) => void (await admin('POST', 'faults', rule)),
    clearFaults: async () => void (await admin('DELETE', 'faults')),
    close: () => stop(child),
  };
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`jira-sim did not start: ${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`jira-sim exited with ${String(code)}: ${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
