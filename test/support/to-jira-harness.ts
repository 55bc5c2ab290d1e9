/**
 * Everything a Tract → Jira test needs, real and on loopback: the Jira simulator over HTTP, a bare git
 * remote with a developer clone, the controller's own clone and state directory, one site queue.
 */
import { join } from 'node:path';
import { DEFAULT_DURATION_UNITS } from '../../shared/core/parse-duration.ts';
import { encodeWorklogRecord } from '../../shared/core/encode-worklog-record.ts';
import { encodeQueueEntry, nextQueueFileName, QUEUE_DIR } from '../../shared/core/queue-entry.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import { GitRepository } from '../../shared/git/git-repository.ts';
import { JiraCloudWorklogs } from '../../shared/jira/jira-cloud-worklogs.ts';
import { DEFAULT_SITE_POLICY, JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import type { SitePolicy } from '../../shared/jira/jira-site-queue.ts';
import { createJiraTransport } from '../../shared/jira/jira-transport.ts';
import type { AuthorIdentity } from '../../controller/to-jira/apply-plan.ts';
import { syncRepoToJira } from '../../controller/to-jira/sync-repo-to-jira.ts';
import type { ToJiraConfig, ToJiraResult } from '../../controller/to-jira/sync-repo-to-jira.ts';
import { RepoStateStore } from '../../controller/state/repo-state-store.ts';
import { git, gitTestEnv, makeBareRemote, makeClone, tempDir, writeRepoFile } from './git-fixtures.ts';
import { DEMO_TOKEN, DEMO_USERS } from './jira-sim.ts';
import { startJiraSimProcess } from './jira-sim-process.ts';
import type { JiraSimProcess } from './jira-sim-process.ts';
import type { SimState } from '../../tools/jira-sim/sim-state.ts';

export const REPO_KEY = 'team-a/app';

/** Fast backoff for tests: the defaults follow Atlassian (5 s doubling to 30 s). */
export const TEST_SITE_POLICY: SitePolicy = { ...DEFAULT_SITE_POLICY, initialBackoffMs: 50, maxBackoffMs: 400 };

export interface ToJiraHarness {
  sim: JiraSimProcess;
  remote: string;
  /** A developer's clone of the remote. */
  dev: string;
  stateDir: string;
  controllerCloneDir: string;
  config: ToJiraConfig;
  site: JiraSiteQueue;
  /** One Tract → Jira pass with a fresh controller (as after a restart): only the state dir persists. */
  sync(): Promise<ToJiraResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  policy?: SitePolicy;
  /** Extra `tract-jira-sim` flags. */
  simArgs?: string[];
}

export async function startToJiraHarness(options: HarnessOptions = {}): Promise<ToJiraHarness> {
  const sim = await startJiraSimProcess(options.simArgs);
  const remote = await makeBareRemote();
  const dev = await makeClone(remote);
  const stateDir = join(tempDir('tract-state-'), REPO_KEY);
  const controllerCloneDir = join(tempDir('tract-controller-'), 'clone');
  await GitRepository.clone(remote, controllerCloneDir, 'main', { env: gitTestEnv(), isolateConfig: true });
  const policy = options.policy ?? TEST_SITE_POLICY;
  const site = new JiraSiteQueue(sim.url, policy, realTime());
  const paths = { simUrl: sim.url, stateDir, controllerCloneDir };
  return {
    sim, remote, dev, stateDir, controllerCloneDir, config: harnessConfig(), site,
    sync: async () => runSyncPass(paths, site),
    close: () => sim.close(),
  };
}

export interface SyncPaths {
  simUrl: string;
  stateDir: string;
  controllerCloneDir: string;
}

/** One pass as a freshly started controller would run it: only the clone and the state dir persist. */
export async function runSyncPass(paths: SyncPaths, site: JiraSiteQueue): Promise<ToJiraResult> {
  const clone = await GitRepository.open(paths.controllerCloneDir, { env: gitTestEnv(), isolateConfig: true });
  const service = new JiraCloudWorklogs(paths.simUrl, createJiraTransport({ host: paths.simUrl, auth: { type: 'basic', email: DEMO_USERS.sync.email, apiToken: DEMO_TOKEN } }));
  const identity = (author: string): AuthorIdentity | undefined =>
    author === DEMO_USERS.john.name || author === DEMO_USERS.sarah.name ? { jira: service, onBehalf: true } : undefined;
  return syncRepoToJira(harnessConfig(), { git: clone, store: new RepoStateStore(paths.stateDir), site, service, identity, clock: { now: () => new Date() } });
}

function harnessConfig(): ToJiraConfig {
  return {
    repo: REPO_KEY,
    remote: 'origin',
    branch: 'main',
    worklogDir: 'worklogs',
    units: DEFAULT_DURATION_UNITS,
    writeOptions: { adjustEstimate: 'auto', notifyUsers: false },
    commitAuthor: { name: 'tract-sync', email: 'tract-sync@localhost' },
  };
}

export function realTime(): { nowMs(): number; sleep(ms: number): Promise<void>; random(): number } {
  return { nowMs: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random };
}

/** `count` records spread over APP-1…APP-50, two hours each, all in February 2026. */
export function makeRecords(count: number, overrides: (i: number) => Partial<WorklogRecord> = () => ({})): WorklogRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `0199a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    issue: `APP-${(i % 50) + 1}`,
    author: i % 3 === 0 ? DEMO_USERS.sarah.name : DEMO_USERS.john.name,
    time: '2h',
    started: `2026-02-${String((i % 28) + 1).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000+01:00`,
    comment: `Work item ${i}`,
    ...overrides(i),
  }));
}

/** Commits the records (and, with `queued`, one queue entry each) from the developer's clone and pushes. */
export async function pushRecords(h: ToJiraHarness, records: readonly WorklogRecord[], options: { queued?: boolean } = {}): Promise<void> {
  const file = 'worklogs/2026-02.jsonl';
  await git(h.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
  const existing = await git(h.dev, ['show', `HEAD:${file}`]).catch(() => '');
  writeRepoFile(h.dev, file, existing + records.map((r) => `${encodeWorklogRecord(r)}\n`).join(''));
  if (options.queued) queue(h, records, file);
  await git(h.dev, ['add', '--all', '--', 'worklogs', ...(options.queued ? ['.tract'] : [])]);
  await git(h.dev, ['commit', '--quiet', '-m', `[tract] Log ${records.length} worklogs`]);
  await git(h.dev, ['push', '--quiet', 'origin', 'main']);
}

function queue(h: ToJiraHarness, records: readonly WorklogRecord[], file: string): void {
  const names: string[] = [];
  for (const record of records) {
    const name = nextQueueFileName(names, '2026-02-14');
    names.push(name);
    const entry = { version: 1 as const, worklogId: record.id, file, queuedAt: '2026-02-14T10:00:00.000+01:00', reason: 'sync server unreachable' };
    writeRepoFile(h.dev, `${QUEUE_DIR}/${name}`, encodeQueueEntry(entry));
  }
}

export type SimWorklog = SimState['worklogs'][number];

/** The Jira worklogs Tract created, by Tract id (from the `tract` property). */
export async function jiraWorklogsByTractId(sim: JiraSimProcess): Promise<Map<string, SimWorklog[]>> {
  const byId = new Map<string, SimWorklog[]>();
  for (const worklog of (await sim.state()).worklogs) {
    const property = worklog.properties['tract'] as { id?: string } | undefined;
    if (!property?.id) continue;
    byId.set(property.id, [...(byId.get(property.id) ?? []), worklog]);
  }
  return byId;
}
