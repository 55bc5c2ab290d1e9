/**
 * A real `tract-controller --standalone` child process on a loopback port, as a user or the container
 * runs it: the Jira simulator (in this process), a bare git remote with a developer clone, a manifests
 * file, state in a temp dir, secrets from the environment. Used by the metrics, Prometheus, image and
 * status-page tests, which need a live controller they don't share an event loop with.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { commitFile, git, gitTestEnv, makeBareRemote, makeClone, tempDir } from '../../support/git-fixtures.ts';
import { DEMO_TOKEN, basicAuth, startJiraSim } from '../../support/jira-sim.ts';
import type { JiraSimulatorOptions, TestJiraSim } from '../../support/jira-sim.ts';
import { JIRA_SECRET_ENV, SEED, eventually, tractRepo } from '../controller/controller-harness.ts';
import type { RepoManifest } from '../controller/controller-harness.ts';

export const CONTROLLER_BIN = fileURLToPath(new URL('../../../bin/tract-controller.js', import.meta.url));

export interface ControllerProcessOptions {
  /** The entry script; default the checkout's bin/tract-controller.js. */
  bin?: string;
  cwd?: string;
  /** Added to the child's environment (after the git test env and the Jira secret). */
  env?: Record<string, string>;
  /** Manifests; default one repo `default/app` on the remote. */
  repos?: (remote: string) => RepoManifest[];
  extraArgs?: readonly string[];
  /** Simulator options beyond the seed, e.g. `feedDelayMs`. */
  sim?: JiraSimulatorOptions;
}

export interface ControllerProcess {
  url: string;
  sim: TestJiraSim;
  remote: string;
  dev: string;
  stateDir: string;
  child: ChildProcess;
  /** Everything the controller wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** Stops the controller and the simulator. */
  close(): Promise<void>;
}

export async function startControllerProcess(options: ControllerProcessOptions = {}): Promise<ControllerProcess> {
  const sim = await startJiraSim({ seed: SEED, ...options.sim });
  const remote = await makeBareRemote();
  const dev = await makeClone(remote);
  const stateDir = tempDir('tract-controller-proc-state-');
  const manifestPath = join(tempDir('tract-controller-proc-manifests-'), 'repos.yaml');
  const johnAccountId = sim.control.state().users.find((u) => u.name === 'john.mcmullan')?.accountId ?? '';
  const repos = options.repos?.(remote) ?? [{ name: 'app', remote }];
  writeFileSync(manifestPath, repos.map((r) => stringify(tractRepo(r, sim.url, johnAccountId))).join('---\n'));
  const args = [options.bin ?? CONTROLLER_BIN, '--standalone', '-f', manifestPath, '--port', '0', '--state-dir', stateDir, '--log-format', 'json', ...(options.extraArgs ?? [])];
  const env = { ...gitTestEnv(), ...JIRA_SECRET_ENV, TRACT_HOST: '127.0.0.1', ...options.env };
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  };
  try {
    const port = await eventually(() => listeningPort(output, child), 30_000, 'the controller to listen');
    return { url: `http://127.0.0.1:${port}`, sim, remote, dev, stateDir, child, output: () => output, stop, close: async () => void (await stop(), await sim.close()) };
  } catch (err) {
    await stop();
    await sim.close();
    throw new Error(`${(err as Error).message}: ${output}`, { cause: err });
  }
}

function listeningPort(output: string, child: ChildProcess): number | undefined {
  if (child.exitCode !== null) throw new Error(`the controller exited with ${child.exitCode}`);
  for (const line of output.split('\n')) {
    if (!line.includes('controller listening')) continue;
    const port = (JSON.parse(line) as { port?: number }).port;
    if (typeof port === 'number') return port;
  }
  return undefined;
}

export interface WorklogLine {
  id: string;
  issue: string;
  time?: string;
}

/** Appends worklog lines in the developer clone and pushes them to the remote. */
export async function pushWorklogs(dev: string, lines: readonly WorklogLine[], message = '[tract] Log worklogs'): Promise<void> {
  await git(dev, ['pull', '--quiet', '--rebase']);
  const existing = await git(dev, ['show', 'HEAD:worklogs/2026-02.jsonl']).catch(() => '');
  const text = lines
    .map((l) => `${JSON.stringify({ id: l.id, issue: l.issue, author: 'john.mcmullan', time: l.time ?? '2h', started: '2026-02-14T09:00:00.000+01:00', comment: 'Fixed bug' })}\n`)
    .join('');
  await commitFile(dev, 'worklogs/2026-02.jsonl', existing + text, message);
  await git(dev, ['push', '--quiet', 'origin', 'main']);
}

/** Asks for a sync now and waits until the record has left `pending`; returns its state. */
export async function syncAndSettle(url: string, repo: string, id: string, timeoutMs = 30_000): Promise<string> {
  const sync = await fetch(`${url}/api/v1/repos/${repo}/sync`, { method: 'POST' });
  if (sync.status !== 202) throw new Error(`POST sync answered ${sync.status}`);
  return eventually(async () => {
    const response = await fetch(`${url}/api/v1/worklogs/${id}`);
    if (response.status !== 200) return undefined;
    const state = ((await response.json()) as { state: string }).state;
    return state === 'pending' ? undefined : state;
  }, timeoutMs, `worklog ${id} to settle`);
}

export const HOOK_SECRET = 'jira-hook-secret';
export const PUSH_TOKEN = 'git-push-token';

/**
 * A controller whose repo `default/app` takes signed git push webhooks (PUSH_TOKEN) and whose Jira
 * simulator delivers signed worklog webhooks to it (HOOK_SECRET). As in real Jira, the worklog feeds
 * withhold the last minute: Jira changes arrive through the webhook only.
 */
export async function startControllerWithWebhooks(): Promise<ControllerProcess> {
  const controller = await startControllerProcess({
    sim: { feedDelayMs: 60_000 },
    env: { TRACT_SECRET_HOOKS_JIRASECRET: HOOK_SECRET, TRACT_SECRET_HOOKS_TOKEN: PUSH_TOKEN },
    repos: (remote) => [{ name: 'app', remote, spec: { webhook: { secretRef: { name: 'hooks' } } } }],
  });
  controller.sim.control.registerWebhook({ name: 'tract', url: `${controller.url}/webhook/jira`, events: ['worklog_created', 'worklog_updated', 'worklog_deleted'], secret: HOOK_SECRET });
  return controller;
}

/** A worklog added in Jira by john.mcmullan, as a person would. */
export async function addJiraWorklog(simUrl: string, issue: string, seconds: number): Promise<void> {
  const response = await fetch(`${simUrl}/rest/api/2/issue/${issue}/worklog`, {
    method: 'POST',
    headers: { authorization: basicAuth('john.mcmullan@example.com', DEMO_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify({ started: '2026-02-15T09:00:00.000+0000', timeSpentSeconds: seconds, comment: 'From Jira' }),
  });
  if (!response.ok) throw new Error(`Jira add worklog: ${response.status}`);
}
