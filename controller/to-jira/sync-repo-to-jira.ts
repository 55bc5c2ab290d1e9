/**
 * One Tract → Jira pass for one repository (docs/controller.md), callable without Kubernetes:
 * fetch → read the tip → plan (pure) → apply through the site queue → remember → write back → push.
 * State is saved before the write-back, so a crash at any point loses nothing and duplicates nothing:
 * links live in the state until git has them, and unknown creates are adopted by their `tract` property.
 */
import type { Clock } from '../../shared/core/clock.ts';
import type { WorklogProblem } from '../../shared/core/decode-worklog-file.ts';
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import { planSync, syncFingerprint } from '../../shared/core/plan-sync.ts';
import type { MissingRecord, SyncPlan } from '../../shared/core/plan-sync.ts';
import { AuthError, TransientError } from '../../shared/core/tract-error.ts';
import type { JiraLink } from '../../shared/core/worklog-record.ts';
import type { GitIdentity, GitRepository } from '../../shared/git/git-repository.ts';
import type { JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import type { JiraWorklogs, WriteOptions } from '../../shared/jira/jira-worklogs.ts';
import type { RepoState, RepoStateStore } from '../state/repo-state-store.ts';
import { applyPlan } from './apply-plan.ts';
import type { AuthorIdentity, ApplyResult } from './apply-plan.ts';
import { failureReports, knownForPlan, nextRetryAtMs, noteFailure, pruneRetries } from './failure-memory.ts';
import type { RecordFailureReport } from './failure-memory.ts';
import { WorklogRepository, type CommitSnapshot } from '../../shared/git/worklog-repository.ts';
import { DEFAULT_RETRY_SCHEDULE } from './record-retries.ts';
import type { RetrySchedule } from './record-retries.ts';
import { writeBack } from './write-back.ts';

export interface ToJiraConfig {
  /** `<namespace>/<name>`, written into every worklog's `tract` property. */
  repo: string;
  remote: string;
  branch: string;
  worklogDir: string;
  units: DurationUnits;
  writeOptions: WriteOptions;
  commitAuthor: GitIdentity;
  /** Backoff of failed records (docs/to-jira.md "Retries"). */
  retry?: RetrySchedule;
  /** The spec or a Secret changed since the last pass: every failed record is tried again now. */
  contextChanged?: boolean;
  /** `spec.jira.projects` (empty: every project). */
  projects?: readonly string[];
}

export interface ToJiraDeps {
  git: GitRepository;
  store: RepoStateStore;
  site: JiraSiteQueue;
  service: JiraWorklogs;
  identity(author: string): AuthorIdentity | undefined;
  clock: Clock;
  /** When each pending record was first seen (for the lag metric); kept by the caller across passes. */
  firstSeen?: Map<string, number>;
  onApplyResult?(outcome: ApplyResult, lagMs: number | undefined): void;
}

export type { RecordFailureReport } from './failure-memory.ts';

export interface ToJiraResult {
  /** The branch tip this pass planned from. */
  commit: string;
  writeBackCommit?: string;
  plan: { create: number; update: number; remove: number; skip: number };
  created: number;
  updated: number;
  deleted: number;
  adopted: number;
  /** Records waiting for a later pass (transient failures). */
  pending: number;
  /** Failed records, including ones remembered from earlier passes, each with its next retry. */
  failures: RecordFailureReport[];
  /** The earliest automatic retry of a failed record (ms since the epoch). */
  nextRetryAtMs?: number;
  problems: WorklogProblem[];
  /** Records Jira has that git lost without a tombstone: reported, never deleted in Jira. */
  missing: MissingRecord[];
  /** Set when Jira rejected the credentials: the whole repo needs attention. */
  authError?: AuthError;
  /** Set when a transient failure left work pending. */
  transientError?: TransientError;
}

export async function syncRepoToJira(config: ToJiraConfig, deps: ToJiraDeps): Promise<ToJiraResult> {
  const tip = await deps.git.fetch(config.remote, config.branch);
  const state = await deps.store.load();
  const intents = await deps.store.loadIntents();
  const snapshot = await new WorklogRepository(deps.git, { worklogDir: config.worklogDir, units: config.units }).readCommit(tip);
  const known = knownForPlan(state, deps.clock.now(), config.contextChanged ?? false);
  const plan = planSync({
    records: snapshot.records.records,
    tombstones: snapshot.records.tombstones,
    duplicates: snapshot.duplicates,
    problems: snapshot.problems,
    known,
    queueOrder: snapshot.queue.map((q) => q.entry.worklogId),
    units: config.units,
  });
  noteFirstSeen(plan, deps);
  // A fresh state knows nothing of earlier passes: every create might have happened already.
  const unknown = state.lastSyncedCommit === null ? new Set(plan.create.map((c) => c.line.record.id)) : intents;
  await deps.store.recordIntents(plan.create.map((c) => c.line.record.id).filter((id) => !intents.has(id)));
  const outcomes = await applyPlan(plan, {
    repo: config.repo, site: deps.site, service: deps.service, identity: deps.identity,
    writeOptions: config.writeOptions, unknownOutcomes: unknown, now: () => deps.clock.now(), projects: config.projects ?? [],
  });
  remember(state, outcomes, plan, deps, config.retry ?? DEFAULT_RETRY_SCHEDULE);
  pruneRetries(state);
  await deps.store.save(state);
  await deps.store.clearIntents();
  await deps.store.recordIntents(outcomes.filter((o) => o.kind === 'failed' && o.op !== 'delete' && o.error instanceof TransientError).map((o) => o.id));
  const written = await writeBack({ ...config, git: deps.git, links: linksOf(state), dequeue: (id, snap) => isDone(id, state, snap) }, snapshot);
  state.lastSyncedCommit = tip;
  state.lastSyncTime = deps.clock.now().toISOString();
  await deps.store.save(state);
  return summarize(tip, written.commit, plan, outcomes, state, snapshot);
}

function noteFirstSeen(plan: SyncPlan, deps: ToJiraDeps): void {
  if (!deps.firstSeen) return;
  const now = deps.clock.now().getTime();
  const ids = [...plan.create.map((c) => c.line.record.id), ...plan.update.map((u) => u.line.record.id), ...plan.remove.map((r) => r.id)];
  for (const id of ids) if (!deps.firstSeen.has(id)) deps.firstSeen.set(id, now);
}

function remember(state: RepoState, outcomes: readonly ApplyResult[], plan: SyncPlan, deps: ToJiraDeps, schedule: RetrySchedule): void {
  const planned = new Map([...plan.create, ...plan.update].map((p) => [p.line.record.id, p]));
  const now = deps.clock.now();
  for (const outcome of outcomes) {
    report(outcome, deps, now);
    const entry = planned.get(outcome.id);
    if (outcome.kind === 'deleted') state.records[outcome.id] = { ...state.records[outcome.id], deletedAt: now.toISOString() };
    else if (entry) applyOutcome(state, outcome, syncFingerprint(entry.line.record, entry.seconds), now, schedule);
  }
}

function report(outcome: ApplyResult, deps: ToJiraDeps, now: Date): void {
  const firstSeen = deps.firstSeen?.get(outcome.id);
  const pending = outcome.kind === 'failed' && outcome.error instanceof TransientError;
  if (!pending) deps.firstSeen?.delete(outcome.id);
  deps.onApplyResult?.(outcome, firstSeen === undefined ? undefined : now.getTime() - firstSeen);
}

function applyOutcome(state: RepoState, outcome: ApplyResult, fingerprint: string, now: Date, schedule: RetrySchedule): void {
  if (outcome.kind === 'linked') {
    state.records[outcome.id] = { link: outcome.link, issue: outcome.issue, author: outcome.author, syncedFingerprint: fingerprint };
  } else if (outcome.kind === 'failed' && !(outcome.error instanceof TransientError)) {
    const { error } = outcome;
    noteFailure(state, outcome.id, { fingerprint, reason: error.reason ?? error.kind, message: error.message, since: now.toISOString() }, schedule, now);
  }
}

function linksOf(state: RepoState): Map<string, JiraLink> {
  const links = new Map<string, JiraLink>();
  for (const [id, record] of Object.entries(state.records)) if (record.link && record.syncedFingerprint) links.set(id, record.link);
  return links;
}

/** A queue entry is done once its record is in Jira, or when its record no longer exists. */
function isDone(worklogId: string, state: RepoState, snapshot: CommitSnapshot): boolean {
  if (state.records[worklogId]?.syncedFingerprint) return true;
  return !snapshot.records.records.some((line) => line.record.id === worklogId);
}

function summarize(tip: string, writeBackCommit: string | undefined, plan: SyncPlan, outcomes: readonly ApplyResult[], state: RepoState, snapshot: CommitSnapshot): ToJiraResult {
  const count = (op: string): number => outcomes.filter((o) => o.op === op && o.kind !== 'failed').length;
  const transient = outcomes.filter((o) => o.kind === 'failed' && o.error instanceof TransientError);
  const auth = outcomes.find((o) => o.kind === 'failed' && o.error instanceof AuthError);
  const failures = failureReports(state, snapshot);
  const nextRetry = nextRetryAtMs(failures);
  return {
    commit: tip,
    ...(writeBackCommit ? { writeBackCommit } : {}),
    plan: { create: plan.create.length, update: plan.update.length, remove: plan.remove.length, skip: plan.skip.length },
    created: count('create'),
    updated: count('update'),
    deleted: count('delete'),
    adopted: outcomes.filter((o) => o.kind === 'linked' && o.adopted).length,
    pending: transient.length,
    failures,
    ...(nextRetry === undefined ? {} : { nextRetryAtMs: nextRetry }),
    problems: plan.problems,
    missing: plan.missing,
    ...(auth?.kind === 'failed' ? { authError: auth.error as AuthError } : {}),
    ...(transient[0]?.kind === 'failed' ? { transientError: transient[0].error as TransientError } : {}),
  };
}
