/**
 * What failed records mean for the repo (docs/to-jira.md "Retries", docs/tractrepo.md "Conditions"):
 * a failure that the world must fix — credentials, the Jira site, one author's permission or identity —
 * is a condition of the repo (Ready False with that reason, a Warning event through the Ready message),
 * while failures of single records (an unknown issue, a closed one) leave the repo Ready and are counted
 * (JiraSyncFailed PartialSync, status.failed). Every failed record waits for its own retry; the reconcile
 * is requeued for the earliest one. Pure.
 */
import {
  AUTHENTICATION_FAILED, JIRA_SYNC_FAILED, PARTIAL_SYNC, PERMISSION_DENIED, SUCCEEDED, TIME_TRACKING_DISABLED, UNKNOWN_AUTHOR,
} from '../api/condition-reasons.ts';
import type { JiraSyncFailedReason, ReadyReason } from '../api/condition-reasons.ts';
import type { RecordErrorReason } from '../read-model/record-index.ts';
import type { WorkResult } from '../workqueue/work-queue.ts';
import type { PassOutcome } from './pass-outcome.ts';

export interface FailedRecordFact {
  id: string;
  issue: string;
  reason: RecordErrorReason;
  message: string;
  /** Who must act (record-retries.ts); `record` when unknown. */
  scope?: 'repo' | 'author' | 'record';
  author?: string;
  nextRetryAt?: string;
}

/** The failures that are the repo's or an author's, and the Ready and JiraSyncFailed reason each becomes. */
const CONDITION_REASON: Readonly<Partial<Record<RecordErrorReason, ReadyReason & JiraSyncFailedReason>>> = {
  AuthenticationFailed: AUTHENTICATION_FAILED,
  TimeTrackingDisabled: TIME_TRACKING_DISABLED,
  PermissionDenied: PERMISSION_DENIED,
  UnknownAuthor: UNKNOWN_AUTHOR,
  IdentityNotFound: UNKNOWN_AUTHOR,
};

/** The outcome of a pass that finished, from its failed records and what it synced. */
export function failureOutcome(failures: readonly FailedRecordFact[], syncedMessage: string, work: WorkResult): PassOutcome {
  const held = failures.filter((f) => f.scope === 'repo' || f.scope === 'author');
  const own = failures.filter((f) => f.scope !== 'repo' && f.scope !== 'author');
  const tail = own.length === 0 ? '' : `; ${recordSummary(own)}`;
  if (held.length > 0) {
    const first = held.find((f) => f.scope === 'repo') ?? held[0]!;
    const reason = CONDITION_REASON[first.reason] ?? PERMISSION_DENIED;
    const message = `${heldSummary(held, first)}${tail}`;
    return { result: 'error', ready: { status: 'False', reason, message }, failure: { type: JIRA_SYNC_FAILED, reason, message }, work };
  }
  if (own.length > 0) {
    const message = `${syncedMessage}${tail}`;
    return { result: 'success', ready: { status: 'True', reason: SUCCEEDED, message }, failure: { type: JIRA_SYNC_FAILED, reason: PARTIAL_SYNC, message: recordSummary(own) }, work };
  }
  return { result: 'success', ready: { status: 'True', reason: SUCCEEDED, message: syncedMessage }, work };
}

/** The requeue of a finished pass: the poll interval, or sooner when a failed record's retry is due. */
export function retryRequeueMs(intervalMs: number, nextRetryAtMs: number | undefined, nowMs: number): number {
  if (nextRetryAtMs === undefined) return intervalMs;
  return Math.min(intervalMs, Math.max(0, nextRetryAtMs - nowMs));
}

function heldSummary(held: readonly FailedRecordFact[], first: FailedRecordFact): string {
  const count = held.length;
  const who = first.scope === 'author' && first.author ? ` of ${first.author}` : '';
  return `${first.message}; ${count} worklog${count === 1 ? '' : 's'}${who} wait${count === 1 ? 's' : ''} for it (retried automatically)`;
}

function recordSummary(own: readonly FailedRecordFact[]): string {
  const count = own.length;
  return `${count} worklog${count === 1 ? '' : 's'} failed to sync (first: ${own[0]!.message}); each is retried automatically`;
}
