/**
 * When a record whose sync failed is tried again (docs/to-jira.md "Retries"), and whom the failure
 * belongs to. Pure.
 *
 * - Every failure is retried on its own, with bounded exponential backoff: `firstMs` after the first
 *   failure, doubling on each further failure of the same version of the record, capped at `maxMs`
 *   (defaults: 1 minute, then 2, 4, 8 … up to 4 hours).
 * - A record is retried at once when its line changes (a new version starts at attempt 1), and every
 *   failed record is retried at once when the TractRepo spec or one of its Secrets changed.
 * - The scope says who must act: `repo` (credentials, the Jira site), `author` (one person's permission or
 *   identity), `record` (this worklog, e.g. an unknown issue). Only `record` failures leave the repo Ready.
 */
import type { RecordFailureReason } from '../../shared/core/plan-sync.ts';
import type { FailureScope, RetryMark } from '../state/repo-state-store.ts';

export interface RetrySchedule {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { firstMs: 60_000, maxMs: 4 * 60 * 60_000 };

export type { FailureScope, RetryMark };

const REPO_REASONS: ReadonlySet<RecordFailureReason> = new Set<RecordFailureReason>(['AuthenticationFailed', 'TimeTrackingDisabled']);
const AUTHOR_REASONS: ReadonlySet<RecordFailureReason> = new Set<RecordFailureReason>(['PermissionDenied', 'UnknownAuthor', 'IdentityNotFound']);

export function failureScope(reason: RecordFailureReason): FailureScope {
  if (REPO_REASONS.has(reason)) return 'repo';
  if (AUTHOR_REASONS.has(reason)) return 'author';
  return 'record';
}

/** The wait after the `attempt`-th failure in a row. */
export function retryDelayMs(attempt: number, schedule: RetrySchedule): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(schedule.firstMs * 2 ** exponent, schedule.maxMs);
}

/** The mark after one more failure; `previous` counts only when the same version failed before. */
export function nextRetryMark(previous: RetryMark | undefined, sameVersion: boolean, reason: RecordFailureReason, now: Date, schedule: RetrySchedule): RetryMark {
  const attempt = sameVersion && previous ? previous.attempt + 1 : 1;
  return { attempt, nextRetryAt: new Date(now.getTime() + retryDelayMs(attempt, schedule)).toISOString(), scope: failureScope(reason) };
}

/** True when the record's failure should be tried again in this pass. */
export function retryDue(mark: RetryMark | undefined, now: Date, contextChanged: boolean): boolean {
  if (contextChanged || mark === undefined) return true;
  return Date.parse(mark.nextRetryAt) <= now.getTime();
}

/** The earliest scheduled retry among `marks`, in ms since the epoch. */
export function earliestRetryMs(marks: Iterable<RetryMark>): number | undefined {
  let earliest: number | undefined;
  for (const mark of marks) {
    const at = Date.parse(mark.nextRetryAt);
    if (earliest === undefined || at < earliest) earliest = at;
  }
  return earliest;
}
