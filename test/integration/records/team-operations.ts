/**
 * The operations of a convergence schedule, each done for real (the CLI, git, Jira's REST API, the
 * controller) and recorded in the model. Choices (who, which record, what value) come from the seeded
 * random generator, so a seed replays the same schedule.
 */
import { formatDuration } from '../../../shared/core/format-duration.ts';
import { recordDurationSeconds } from '../../../shared/core/record-duration.ts';
import type { FaultRandom } from '../../support/fault-random.ts';
import { USERS } from '../../support/from-jira-harness.ts';
import type { ConvergenceModel } from './convergence-model.ts';
import { expectOneLinePerIdInChanged, monthFilesIn, recordSetAt, recordSetOf } from './replicas.ts';
import type { Developer, TeamWorld } from './team-world.ts';

const DURATIONS = [900, 1800, 3600, 5400, 7200, 10_800];
const ISSUES = 20;
const FEBRUARY_MS = Date.parse('2026-02-01T00:00:00.000Z');
const MARCH_MS = Date.parse('2026-03-01T00:00:00.000Z');

export interface Schedule {
  world: TeamWorld;
  model: ConvergenceModel;
  random: FaultRandom;
  /** Start minutes are unique per schedule: no two records are ever duplicates (same issue, author, minute, time). */
  minute: number;
}

function pick<T>(random: FaultRandom, items: readonly T[]): T {
  return items[random.int(0, items.length - 1)] as T;
}

/** A start instant no earlier record has: February, or March to move a record between month files. */
function nextStarted(s: Schedule, month: 'feb' | 'mar' = 'feb'): number {
  s.minute += 1;
  return (month === 'feb' ? FEBRUARY_MS : MARCH_MS) + s.minute * 37 * 60_000;
}

const isoForCli = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');
const isoForJira = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

/** Runs a CLI change; files a Tract write produced alone must hold one line per id. */
async function cliChange(s: Schedule, developer: Developer, args: string[], push: boolean): Promise<void> {
  await s.world.tract(developer, push ? args : [...args, '--no-push']);
  // After a push that needed a rebase on a clone without the driver, git's union merge wrote the file.
  if (!push || developer.driver) await expectOneLinePerIdInChanged(developer.dir, 'HEAD~1', undefined, `${developer.name}'s ${args[0]}`);
}

export async function logWork(s: Schedule): Promise<void> {
  const developer = pick(s.random, s.world.developers);
  const started = nextStarted(s);
  const seconds = pick(s.random, DURATIONS);
  const issue = `APP-${s.random.int(1, ISSUES)}`;
  const comment = `log ${s.minute}`;
  await cliChange(s, developer, ['log', issue, formatDuration(seconds), comment, '--started', isoForCli(started)], s.random.next() < 0.7);
  const line = recordSetOf(monthFilesIn(developer.dir)).records.find((l) => l.record.comment === comment);
  if (line === undefined) throw new Error(`${developer.name}: tract log printed ✓ but "${comment}" is not a live record at HEAD`);
  s.model.logged({ id: line.record.id, issue, author: developer.author, seconds, startedMs: started });
}

/** A live record the developer sees (their clone's HEAD) and the model has not deleted. */
async function visibleRecord(s: Schedule, developer: Developer): Promise<{ id: string; seconds: number } | undefined> {
  const records = recordSetOf(monthFilesIn(developer.dir)).records.filter((l) => s.model.isLive(l.record.id));
  if (records.length === 0) return undefined;
  const { record } = pick(s.random, records);
  return { id: record.id, seconds: recordDurationSeconds(record.time) ?? 0 };
}

/** Sets the time and the start (sometimes in another month): a stale clone's edit carries nothing stale. */
export async function editWork(s: Schedule): Promise<void> {
  const developer = pick(s.random, s.world.developers);
  const target = await visibleRecord(s, developer);
  if (target === undefined) return;
  const seconds = pick(s.random, DURATIONS.filter((d) => d !== target.seconds));
  const started = nextStarted(s, s.random.next() < 0.3 ? 'mar' : 'feb');
  await cliChange(s, developer, ['edit', target.id, '--time', formatDuration(seconds), '--started', isoForCli(started)], s.random.next() < 0.7);
  s.model.edited(target.id, { seconds, startedMs: started });
}

export async function deleteWork(s: Schedule): Promise<void> {
  const developer = pick(s.random, s.world.developers);
  const target = await visibleRecord(s, developer);
  if (target === undefined) return;
  await cliChange(s, developer, ['delete', target.id], s.random.next() < 0.7);
  s.model.deleted(target.id);
}

export async function pullOnly(s: Schedule): Promise<void> {
  await s.world.pull(pick(s.random, s.world.developers));
}

export async function pushWithGit(s: Schedule): Promise<void> {
  const developer = pick(s.random, s.world.developers);
  if (await s.world.isAhead(developer)) await s.world.pushUntilDone(developer);
}

export async function jiraAdd(s: Schedule): Promise<void> {
  const user = pick(s.random, ['john', 'sarah'] as const);
  const started = nextStarted(s);
  const seconds = pick(s.random, DURATIONS);
  const issue = `APP-${s.random.int(1, ISSUES)}`;
  const worklogId = await s.world.h.ui(user).create(issue, { started: isoForJira(started), seconds, comment: `jira ${s.minute}` });
  s.world.log(`jira: ${user} adds ${worklogId} on ${issue} (${seconds}s)`);
  await s.world.controllerStep('Jira → Tract (webhook)', async () => undefined);
  const line = (await recordSetAt(s.world.h.remote, 'main')).records.find((l) => l.record.jira?.worklogId === worklogId);
  if (line === undefined) throw new Error(`Jira worklog ${worklogId} added in Jira never reached git`);
  s.model.logged({ id: line.record.id, issue, author: USERS[user].name, seconds, startedMs: started });
}

/** A Jira worklog of a record the model has live, with that record's id. */
async function jiraWorklogOfLive(s: Schedule): Promise<{ id: string; worklogId: string; issueKey: string; seconds: number } | undefined> {
  const links = new Map((await recordSetAt(s.world.h.remote, 'main')).records.flatMap((l) => (l.record.jira ? [[l.record.jira.worklogId, l.record.id] as const] : [])));
  const candidates = s.world.h.sim.control.state().worklogs.flatMap((w) => {
    const id = (w.properties['tract'] as { id?: string } | undefined)?.id ?? links.get(w.id);
    return id !== undefined && s.model.isLive(id) ? [{ id, worklogId: w.id, issueKey: w.issueKey, seconds: w.timeSpentSeconds }] : [];
  });
  return candidates.length === 0 ? undefined : pick(s.random, candidates);
}

export async function jiraEdit(s: Schedule): Promise<void> {
  const target = await jiraWorklogOfLive(s);
  if (target === undefined) return;
  const seconds = pick(s.random, DURATIONS.filter((d) => d !== target.seconds));
  const started = nextStarted(s);
  await s.world.h.ui('sync').update(target.issueKey, target.worklogId, { seconds, started: isoForJira(started) });
  s.world.log(`jira: edits ${target.worklogId} (${target.id}) to ${seconds}s`);
  await s.world.controllerStep('Jira → Tract (webhook)', async () => undefined);
  s.model.edited(target.id, { seconds, startedMs: started });
}

export async function jiraDelete(s: Schedule): Promise<void> {
  const target = await jiraWorklogOfLive(s);
  if (target === undefined) return;
  await s.world.h.ui('sync').remove(target.issueKey, target.worklogId);
  s.world.log(`jira: deletes ${target.worklogId} (${target.id})`);
  await s.world.controllerStep('Jira → Tract (webhook)', async () => undefined);
  s.model.deleted(target.id);
}

export async function toJiraPass(s: Schedule): Promise<void> {
  await s.world.controllerStep('Tract → Jira pass', () => s.world.h.syncToJira());
}

export async function reconcilePass(s: Schedule): Promise<void> {
  await s.world.controllerStep('feed reconciliation', () => s.world.h.reconcile());
}
