/**
 * The failures the controller remembers between passes and their retry marks (docs/to-jira.md
 * "Retries"): which remembered failures the planner still honours (not yet due), how a new failure is
 * recorded, and what the status and the API report about each failed record.
 */
import type { RecordFailure, RecordFailureReason, SyncedRecord } from '../../shared/core/plan-sync.ts';
import type { RepoState } from '../state/repo-state-store.ts';
import { earliestRetryMs, nextRetryMark, retryDue } from './record-retries.ts';
import type { FailureScope, RetrySchedule } from './record-retries.ts';
import type { CommitSnapshot } from '../../shared/git/worklog-repository.ts';

export interface RecordFailureReport {
  id: string;
  issue: string;
  author: string;
  file: string;
  reason: RecordFailureReason;
  message: string;
  scope: FailureScope;
  attempt: number;
  since: string;
  nextRetryAt: string;
}

/**
 * The controller's memory as the planner should see it: a failure whose retry is due (or every failure,
 * when the spec or a Secret changed) is left out, so the record is planned again.
 */
export function knownForPlan(state: RepoState, now: Date, contextChanged: boolean): Map<string, SyncedRecord> {
  const known = new Map<string, SyncedRecord>();
  for (const [id, record] of Object.entries(state.records)) {
    if (record.failure && retryDue(state.retries?.[id], now, contextChanged)) {
      const { failure: _due, ...rest } = record;
      known.set(id, rest);
    } else {
      known.set(id, record);
    }
  }
  return known;
}

/** Records a failure of the version with `fingerprint`; a failure of the same version backs off further. */
export function noteFailure(state: RepoState, id: string, failure: RecordFailure, schedule: RetrySchedule, now: Date): void {
  const previous = state.records[id]?.failure;
  const sameVersion = previous?.fingerprint === failure.fingerprint;
  const since = sameVersion && previous ? previous.since : failure.since;
  state.records[id] = { ...state.records[id], failure: { ...failure, since } };
  state.retries = { ...state.retries, [id]: nextRetryMark(state.retries?.[id], sameVersion, failure.reason, now, schedule) };
}

/** Forgets the retry marks of records that no longer carry a failure. */
export function pruneRetries(state: RepoState): void {
  if (!state.retries) return;
  for (const id of Object.keys(state.retries)) if (!state.records[id]?.failure) delete state.retries[id];
}

export function failureReports(state: RepoState, snapshot: CommitSnapshot): RecordFailureReport[] {
  const reports: RecordFailureReport[] = [];
  for (const line of snapshot.records.records) {
    const failure = state.records[line.record.id]?.failure;
    if (!failure) continue;
    const mark = state.retries?.[line.record.id] ?? { scope: 'record', attempt: 1, nextRetryAt: failure.since };
    reports.push({
      id: line.record.id, issue: line.record.issue, author: line.record.author, file: line.file, reason: failure.reason, message: failure.message,
      scope: mark.scope, attempt: mark.attempt, since: failure.since, nextRetryAt: mark.nextRetryAt,
    });
  }
  return reports;
}

/** When the next automatic retry is due, over the records still failing. */
export function nextRetryAtMs(reports: readonly RecordFailureReport[]): number | undefined {
  return earliestRetryMs(reports.map((r) => ({ attempt: r.attempt, nextRetryAt: r.nextRetryAt, scope: r.scope })));
}
