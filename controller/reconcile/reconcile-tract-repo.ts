/**
 * One reconcile of one TractRepo, structured as Flux's (docs/operator.md; docs/code-style.md,
 * "Patterns" 3): load the object → (always, in `finally`) patch the status and record the duration →
 * deletion and finalizer → suspend → mark Reconciling (patched early) → the sync pass's steps →
 * summarize into Ready. Error kinds become conditions and requeue timing only in `toPassOutcome`.
 * The work queue guarantees one key is never reconciled twice at once; this is also the per-repo lock
 * that keeps Tract → Jira and Jira → Tract work on one repo apart. Jira bursts the pass cannot run (the
 * repo is gone, suspended, not syncing from Jira, or the pass failed) are failed in the mailbox.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/core/clock.ts';
import { AuthError, ValidationError } from '../../shared/core/tract-error.ts';
import type { TractError } from '../../shared/core/tract-error.ts';
import { EVENT_REASONS, READY, SUSPENDED } from '../api/condition-reasons.ts';
import type { TractRepo, TractRepoStatus } from '../api/tract-repo.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { ControllerMetrics, ErrorDirection } from '../telemetry/metrics.ts';
import type { WorkResult } from '../workqueue/work-queue.ts';
import type { JiraMailbox } from '../jira-intake/jira-mailbox.ts';
import { repoSettings } from '../api/repo-settings.ts';
import type { RepoSettings } from '../api/repo-settings.ts';
import { failureOutcome, retryRequeueMs } from './failure-conditions.ts';
import type { FailedRecordFact } from './failure-conditions.ts';
import type { EventRecorder, Finalizers, RepoKey, StatusWriter, TractRepoSource } from '../api/ports.ts';
import { applyOutcome, markReconciling, markSuspended, needsProgressMark } from './repo-status.ts';
import type { PassFacts } from './repo-status.ts';
import type { RepoRuntime, RepoRuntimes, Trigger } from './repo-runtime.ts';
import { StepFailure, toPassOutcome } from './pass-outcome.ts';
import { jiraWebhookPath } from '../api/webhook-paths.ts';
import type { PassOutcome, StepName } from './pass-outcome.ts';

export interface PassContext {
  reconcileID: string;
  logger: Logger;
  runtime: RepoRuntime;
  /** What asked for this pass. */
  trigger: Trigger;
  /** The TractRepo spec's durations, decoded once for the pass (api/repo-settings.ts). */
  settings: RepoSettings;
}

export type RecordFailure = FailedRecordFact;

/** What the sync steps report back; the reconcile turns it into conditions. */
export interface PassSummary {
  facts: PassFacts;
  /** Records whose sync failed; each is retried with backoff (docs/to-jira.md "Retries"). */
  failures: RecordFailure[];
  /** The earliest automatic retry of a failed record (ms since the epoch). */
  nextRetryAtMs?: number;
  /** Set when Jira refused the credentials or a transient failure left records pending. */
  jiraError?: TractError;
  /** One line for the Ready message, e.g. "synced main@1a2b3c4: 2 created". */
  message: string;
}

/** The steps of one pass (secrets → clone → to-jira → from-jira → index); throws StepFailure. */
export interface SyncPass {
  run(repo: TractRepo, context: PassContext): Promise<PassSummary>;
  /** After deletion: forget what the controller keeps for this repo (the clone, timers). */
  cleanup(key: RepoKey): Promise<void>;
}

export interface ReconcileDeps {
  source: TractRepoSource;
  statusWriter: StatusWriter;
  events: EventRecorder;
  finalizers?: Finalizers;
  pass: SyncPass;
  /** Jira webhook bursts waiting for each repo's pass (jira-intake/jira-mailbox.ts). */
  mailbox: JiraMailbox;
  runtimes: RepoRuntimes;
  clock: Clock;
  logger: Logger;
  metrics: ControllerMetrics;
}

export async function reconcileTractRepo(key: RepoKey, deps: ReconcileDeps): Promise<WorkResult> {
  const repo = deps.source.get(key);
  if (!repo) {
    deps.mailbox.fail(key, gone(key));
    await deps.pass.cleanup(key);
    deps.runtimes.delete(key);
    deps.metrics.forgetRepo(key);
    return { kind: 'stop' };
  }
  if (repo.metadata.deletionTimestamp) return finalize(key, repo, deps);
  if (deps.finalizers && !deps.finalizers.has(repo)) {
    await deps.finalizers.add(key);
    return { kind: 'done', requeueAfterMs: 0 };
  }
  const runtime = deps.runtimes.get(key);
  const trigger = runtime.trigger;
  runtime.trigger = 'poll';
  const reconcileID = randomUUID();
  const logger = deps.logger.child({ repo: key, reconcileID });
  const startedMs = performance.now();
  let status: TractRepoStatus = runtime.status ?? repo.status ?? {};
  let outcome: PassOutcome | undefined;
  let failedStep: StepName = 'jira';
  try {
    if (repo.spec.suspend) {
      deps.mailbox.fail(key, new ValidationError(`TractRepo ${key} is suspended`, { reason: 'Suspended' }));
      status = suspend(key, repo, status, runtime, deps);
      return { kind: 'stop' };
    }
    status = await markProgress(key, repo, status, runtime, deps);
    const { summary, settings } = await runPass(key, repo, { reconcileID, logger, runtime, trigger }, deps);
    outcome = summaryOutcome(repo, settings, summary, deps.clock.now().getTime());
    status = applyOutcome(repo, status, outcome, summary.facts, deps.clock);
    return outcome.work;
  } catch (err) {
    deps.mailbox.fail(key, err);
    failedStep = stepOf(err);
    outcome = toPassOutcome(err);
    status = applyOutcome(repo, status, outcome, {}, deps.clock);
    logFailure(logger, err, outcome);
    return outcome.work;
  } finally {
    await patch(key, { ...status, webhookPath: jiraWebhookPath(key) }, runtime, deps, logger);
    if (outcome) report(key, outcome, { failedStep, startedMs }, runtime, deps);
  }
}

async function runPass(key: RepoKey, repo: TractRepo, context: Omit<PassContext, 'settings'>, deps: ReconcileDeps): Promise<{ summary: PassSummary; settings: RepoSettings }> {
  const invalid = deps.source.validationError?.(key);
  if (invalid) throw new StepFailure('spec', new ValidationError(invalid, { reason: 'InvalidSpec' }));
  if (repo.spec.sync.direction === 'GitToJira') deps.mailbox.fail(key, new ValidationError(`TractRepo ${key} does not sync from Jira (spec.sync.direction)`, { reason: 'InvalidSpec' }));
  const settings = repoSettings(repo.spec);
  return { summary: await deps.pass.run(repo, { ...context, settings }), settings };
}

function summaryOutcome(repo: TractRepo, settings: RepoSettings, summary: PassSummary, nowMs: number): PassOutcome {
  const work: WorkResult = { kind: 'done', requeueAfterMs: retryRequeueMs(requeueInterval(repo, settings), summary.nextRetryAtMs, nowMs) };
  const held = summary.failures.some((f) => f.scope === 'repo' || f.scope === 'author');
  // Credentials refused: the failed records carry it with their retry schedule; anything else is the pass's.
  if (summary.jiraError && !(held && summary.jiraError instanceof AuthError)) return toPassOutcome(new StepFailure('jira', summary.jiraError));
  return failureOutcome(summary.failures, summary.message, work);
}

/** The poll interval, shortened to the Jira reconcile interval when Jira → git is on. */
export function requeueInterval(repo: TractRepo, settings: RepoSettings): number {
  if (repo.spec.sync.direction === 'GitToJira') return settings.intervalMs;
  return Math.min(settings.intervalMs, settings.jiraReconcileIntervalMs);
}

async function markProgress(key: RepoKey, repo: TractRepo, status: TractRepoStatus, runtime: RepoRuntime, deps: ReconcileDeps): Promise<TractRepoStatus> {
  if (!needsProgressMark(repo, status)) return status;
  const marked = markReconciling(repo, status, deps.clock);
  await deps.statusWriter.patchStatus(key, marked);
  runtime.status = marked;
  return marked;
}

function suspend(key: RepoKey, repo: TractRepo, status: TractRepoStatus, runtime: RepoRuntime, deps: ReconcileDeps): TractRepoStatus {
  const wasSuspended = runtime.status?.conditions?.some((c) => c.type === READY && c.reason === SUSPENDED);
  if (!wasSuspended) deps.events.record(key, 'Normal', EVENT_REASONS.suspended, 'spec.suspend is true: syncing stopped');
  return markSuspended(repo, status, deps.clock);
}

async function finalize(key: RepoKey, repo: TractRepo, deps: ReconcileDeps): Promise<WorkResult> {
  deps.mailbox.fail(key, gone(key));
  await deps.pass.cleanup(key);
  deps.runtimes.delete(key);
  deps.metrics.forgetRepo(key);
  if (deps.finalizers?.has(repo)) await deps.finalizers.remove(key);
  return { kind: 'stop' };
}

/** The answer to Jira bursts of a repo that is gone or being deleted: the coalescer drops them on its retry. */
function gone(key: RepoKey): ValidationError {
  return new ValidationError(`TractRepo ${key} is gone`, { reason: 'RepoGone' });
}

async function patch(key: RepoKey, status: TractRepoStatus, runtime: RepoRuntime, deps: ReconcileDeps, logger: Logger): Promise<void> {
  runtime.status = status;
  try {
    await deps.statusWriter.patchStatus(key, status);
  } catch (err) {
    // The next pass writes the status again; a failed patch must not turn a good pass into a failure.
    logger.warn('status patch failed', { error: err });
  }
}

function reportEvent(key: RepoKey, outcome: PassOutcome, runtime: RepoRuntime, deps: ReconcileDeps): void {
  const previous = runtime.lastOutcomeMessage;
  runtime.lastOutcomeMessage = `${outcome.ready.status} ${outcome.ready.reason} ${outcome.ready.message}`;
  if (previous === runtime.lastOutcomeMessage) return;
  if (outcome.ready.status !== 'True') deps.events.record(key, 'Warning', EVENT_REASONS.syncFailed, outcome.ready.message);
  else if (outcome.failure) deps.events.record(key, 'Warning', EVENT_REASONS.worklogsFailed, outcome.failure.message);
  else deps.events.record(key, 'Normal', EVENT_REASONS.syncSucceeded, outcome.ready.message);
}

function report(key: RepoKey, outcome: PassOutcome, pass: { failedStep: StepName; startedMs: number }, runtime: RepoRuntime, deps: ReconcileDeps): void {
  deps.metrics.observeReconcile(outcome.result, (performance.now() - pass.startedMs) / 1000);
  // A failed pass (git, write-back, Jira, secrets) is a sync error too; failed records count where they fail.
  if (outcome.result !== 'success') deps.metrics.countSyncError(key, errorDirection(pass.failedStep), outcome.ready.reason);
  reportEvent(key, outcome, runtime, deps);
}

function stepOf(err: unknown): StepName {
  return err instanceof StepFailure ? err.step : 'spec';
}

/** The direction a failed step blocked: before the directions split (spec, secrets, fetch), both. */
function errorDirection(step: StepName): ErrorDirection {
  if (step === 'jira' || step === 'writeback') return 'to_jira';
  return step === 'from-jira' ? 'from_jira' : 'both';
}

function logFailure(logger: Logger, err: unknown, outcome: PassOutcome): void {
  const meta = { reason: outcome.ready.reason, error: err instanceof StepFailure ? err.error : err, step: err instanceof StepFailure ? err.step : undefined };
  if (outcome.result === 'stalled') logger.warn('reconcile stalled', meta);
  else logger.warn('reconcile failed', meta);
}

