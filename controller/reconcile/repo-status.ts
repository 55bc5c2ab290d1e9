/**
 * Status arithmetic of one pass (docs/operator.md; docs/tractrepo.md): conditions via
 * `setCondition`, so `lastTransitionTime` moves only when a status flips. Pure.
 */
import type { Clock } from '../../shared/core/clock.ts';
import {
  FETCH_FAILED, JIRA_SYNC_FAILED, PROGRESSING, PROGRESSING_WITH_RETRY, READY, RECONCILING, STALLED, SUSPENDED, WRITEBACK_FAILED,
} from '../api/condition-reasons.ts';
import { findCondition, removeCondition, setCondition } from '../api/set-condition.ts';
import { REQUESTED_AT_ANNOTATION } from '../api/tract-repo.ts';
import type { AuthorStatus, Condition, SyncSummary, TractRepo, TractRepoStatus } from '../api/tract-repo.ts';
import type { PassOutcome } from './pass-outcome.ts';

const FAILURE_TYPES = [FETCH_FAILED, JIRA_SYNC_FAILED, WRITEBACK_FAILED];

/** What a finished pass learned, written into the status whatever the outcome. */
export interface PassFacts {
  lastSyncedCommit?: string;
  lastSyncTime?: string;
  jiraCursor?: number;
  pending?: number;
  failed?: number;
  summary?: SyncSummary;
  authors?: AuthorStatus[];
}

/**
 * A pass needs the early "Reconciling" patch when Ready was not yet computed for this generation (Flux:
 * drift). A retry of the same generation already shows Reconciling ProgressingWithRetry and keeps its
 * Ready False, so that Ready's lastTransitionTime says when the failure began.
 */
export function needsProgressMark(repo: TractRepo, status: TractRepoStatus): boolean {
  const generation = repo.metadata.generation ?? 1;
  return findCondition(status.conditions, READY)?.observedGeneration !== generation;
}

export function markReconciling(repo: TractRepo, status: TractRepoStatus, clock: Clock): TractRepoStatus {
  const generation = repo.metadata.generation ?? 1;
  const retry = findCondition(status.conditions, READY)?.status === 'False' && status.observedGeneration === generation;
  const reason = retry ? PROGRESSING_WITH_RETRY : PROGRESSING;
  const message = status.observedGeneration === generation ? 'reconciling' : `processing object: new generation ${Math.max(status.observedGeneration ?? -1, 0)} -> ${generation}`;
  let conditions = setCondition(status.conditions, { type: RECONCILING, status: 'True', reason, message, observedGeneration: generation }, clock);
  conditions = setCondition(conditions, { type: READY, status: 'Unknown', reason, message, observedGeneration: generation }, clock);
  return { ...status, conditions };
}

export function markSuspended(repo: TractRepo, status: TractRepoStatus, clock: Clock): TractRepoStatus {
  const generation = repo.metadata.generation ?? 1;
  let conditions = setCondition(status.conditions, { type: READY, status: 'False', reason: SUSPENDED, message: 'spec.suspend is true: nothing is synced', observedGeneration: generation }, clock);
  conditions = removeCondition(removeCondition(conditions, RECONCILING), STALLED);
  return { ...status, conditions, observedGeneration: generation };
}

/** The status after a pass: Ready from the outcome, the abnormal conditions present only while true. */
export function applyOutcome(repo: TractRepo, status: TractRepoStatus, outcome: PassOutcome, facts: PassFacts, clock: Clock): TractRepoStatus {
  const generation = repo.metadata.generation ?? 1;
  const settled = outcome.result === 'success' || outcome.result === 'stalled';
  const requestedAt = repo.metadata.annotations?.[REQUESTED_AT_ANNOTATION];
  return {
    ...status,
    ...factsToStatus(facts),
    conditions: outcomeConditions(status.conditions, outcome, generation, settled, clock),
    ...(settled ? { observedGeneration: generation } : {}),
    ...(requestedAt === undefined ? {} : { lastHandledReconcileAt: requestedAt }),
  };
}

function outcomeConditions(existing: Condition[] | undefined, outcome: PassOutcome, generation: number, settled: boolean, clock: Clock): Condition[] {
  const set = (list: Condition[], type: string, verdict: { status?: 'True' | 'False' | 'Unknown'; reason: string; message: string }): Condition[] =>
    setCondition(list, { type, status: verdict.status ?? 'True', reason: verdict.reason, message: verdict.message, observedGeneration: generation }, clock);
  let conditions = set(existing ?? [], READY, outcome.ready);
  conditions = settled ? removeCondition(conditions, RECONCILING) : set(conditions, RECONCILING, { reason: PROGRESSING_WITH_RETRY, message: `retrying: ${outcome.ready.message}` });
  conditions = outcome.stalled ? set(conditions, STALLED, outcome.stalled) : removeCondition(conditions, STALLED);
  for (const type of FAILURE_TYPES) {
    conditions = outcome.failure?.type === type ? set(conditions, type, outcome.failure) : removeCondition(conditions, type);
  }
  return conditions;
}

function factsToStatus(facts: PassFacts): TractRepoStatus {
  return {
    ...(facts.lastSyncedCommit ? { lastSyncedCommit: facts.lastSyncedCommit } : {}),
    ...(facts.lastSyncTime ? { lastSyncTime: facts.lastSyncTime } : {}),
    ...(facts.jiraCursor === undefined ? {} : { jiraCursor: String(facts.jiraCursor) }),
    ...(facts.pending === undefined ? {} : { pending: facts.pending }),
    ...(facts.failed === undefined ? {} : { failed: facts.failed }),
    ...(facts.summary ? { lastSyncSummary: facts.summary } : {}),
    ...(facts.authors ? { authors: facts.authors } : {}),
  };
}
