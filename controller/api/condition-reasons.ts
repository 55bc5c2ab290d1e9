/**
 * Condition types and reasons of a TractRepo (docs/tractrepo.md "Conditions"). Modelled on Flux
 * (`fluxcd/pkg/apis/meta`) and kstatus: `Ready` is the summary and always present once the controller
 * has seen the object; `Reconciling` and `Stalled` are abnormal-true and present only while True; the
 * failure conditions (`FetchFailed`, `JiraSyncFailed`, `WritebackFailed`) are negative polarity and
 * present only while True.
 *
 * Where a condition reason is the reason of the error that caused it, it is declared `satisfies
 * TractErrorReason` (shared/core/error-reasons.ts): the two catalogues cannot drift apart.
 */
import type { TractErrorReason } from '../../shared/core/error-reasons.ts';

/** The summary: True when the last pass synced everything it could, False on failure, Unknown while working. */
export const READY = 'Ready';
/** Present (True) while a pass is running or being retried. */
export const RECONCILING = 'Reconciling';
/** Present (True) when retrying cannot help until a human changes the spec, a Secret or a worklog file. */
export const STALLED = 'Stalled';
/** Present (True) while git fetch fails. */
export const FETCH_FAILED = 'FetchFailed';
/** Present (True) while writing to or reading from Jira fails. */
export const JIRA_SYNC_FAILED = 'JiraSyncFailed';
/** Present (True) while committing or pushing to git fails. */
export const WRITEBACK_FAILED = 'WritebackFailed';

export const CONDITION_TYPES = [READY, RECONCILING, STALLED, FETCH_FAILED, JIRA_SYNC_FAILED, WRITEBACK_FAILED] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

// Reasons. Each is one CamelCase word (metav1.Condition's reason pattern).

/** Ready=True: the last pass finished; git and Jira agree for every valid record. */
export const SUCCEEDED = 'Succeeded';
/** Ready=Unknown, Reconciling=True: a pass is running (message says what, e.g. "generation 3 -> 4"). */
export const PROGRESSING = 'Progressing';
/** Ready=Unknown, Reconciling=True: a pass is running again after a failure. */
export const PROGRESSING_WITH_RETRY = 'ProgressingWithRetry';
/** Ready=False: `spec.suspend` is true; nothing is synced. */
export const SUSPENDED = 'Suspended' satisfies TractErrorReason;
/** Ready=False, FetchFailed or WritebackFailed=True: a git command failed (network, missing branch, …). */
export const GIT_OPERATION_FAILED = 'GitOperationFailed' satisfies TractErrorReason;
/** Ready=False, FetchFailed or JiraSyncFailed=True: git or Jira refused the credentials. */
export const AUTHENTICATION_FAILED = 'AuthenticationFailed' satisfies TractErrorReason;
/** Ready=False, FetchFailed=True: a referenced Secret (or key) does not exist. */
export const SECRET_NOT_FOUND = 'SecretNotFound' satisfies TractErrorReason;
/** Ready=False, JiraSyncFailed=True: Jira answered with an error other than auth or rate limiting. */
export const JIRA_API_FAILED = 'JiraAPIFailed';
/** Ready=False, JiraSyncFailed=True: Jira answered 429; the site queue waits for Retry-After. */
export const JIRA_RATE_LIMITED = 'JiraRateLimited';
/**
 * Ready=True, JiraSyncFailed=True: some records failed for a reason of their own (an unknown or closed
 * issue, …); each is retried with backoff and counted in status.failed. The repo itself is fine.
 */
export const PARTIAL_SYNC = 'PartialSync';
/** Ready=False, JiraSyncFailed=True: an author may not log work in Jira ("Work on issues"); their worklogs wait. */
export const PERMISSION_DENIED = 'PermissionDenied' satisfies TractErrorReason;
/** Ready=False, JiraSyncFailed=True: an author of a worklog is missing from spec.authors or unknown to Jira. */
export const UNKNOWN_AUTHOR = 'UnknownAuthor' satisfies TractErrorReason;
/** Ready=False, JiraSyncFailed=True: the Jira site has time tracking turned off. */
export const TIME_TRACKING_DISABLED = 'TimeTrackingDisabled' satisfies TractErrorReason;
/** Ready=False: the write-back commit or push failed (WritebackFailed carries the detail). */
export const WRITEBACK_FAILED_REASON = 'WritebackFailed';
/** Ready=False, Stalled=True: the spec cannot work as written (message names the field). */
export const INVALID_SPEC = 'InvalidSpec' satisfies TractErrorReason;
/** Stalled=True: a worklog line is malformed; a human must fix the file (the other lines still sync). */
export const INVALID_WORKLOG_FORMAT = 'InvalidWorklogFormat';
/** Stalled=True: a Secret exists but lacks the keys the spec needs, or holds unusable values. */
export const SECRET_INVALID = 'SecretInvalid' satisfies TractErrorReason;
/** WritebackFailed=True: the remote rejected the push even after re-applying on the new tip. */
export const PUSH_REJECTED = 'PushRejected' satisfies TractErrorReason;
/** WritebackFailed=True: the same record changed in git and in Jira; git's version was kept. */
export const CONFLICT_DETECTED = 'ConflictDetected';

export const READY_REASONS = [
  SUCCEEDED, PROGRESSING, PROGRESSING_WITH_RETRY, SUSPENDED, GIT_OPERATION_FAILED, AUTHENTICATION_FAILED,
  SECRET_NOT_FOUND, JIRA_API_FAILED, JIRA_RATE_LIMITED, PERMISSION_DENIED, UNKNOWN_AUTHOR, TIME_TRACKING_DISABLED,
  WRITEBACK_FAILED_REASON, INVALID_SPEC,
] as const;
export type ReadyReason = (typeof READY_REASONS)[number];

export const RECONCILING_REASONS = [PROGRESSING, PROGRESSING_WITH_RETRY] as const;
export type ReconcilingReason = (typeof RECONCILING_REASONS)[number];

export const STALLED_REASONS = [INVALID_SPEC, INVALID_WORKLOG_FORMAT, SECRET_INVALID] as const;
export type StalledReason = (typeof STALLED_REASONS)[number];

export const FETCH_FAILED_REASONS = [GIT_OPERATION_FAILED, AUTHENTICATION_FAILED, SECRET_NOT_FOUND] as const;
export type FetchFailedReason = (typeof FETCH_FAILED_REASONS)[number];

export const JIRA_SYNC_FAILED_REASONS = [
  JIRA_API_FAILED, JIRA_RATE_LIMITED, PARTIAL_SYNC, AUTHENTICATION_FAILED, PERMISSION_DENIED, UNKNOWN_AUTHOR, TIME_TRACKING_DISABLED,
] as const;
export type JiraSyncFailedReason = (typeof JIRA_SYNC_FAILED_REASONS)[number];

export const WRITEBACK_FAILED_REASONS = [PUSH_REJECTED, GIT_OPERATION_FAILED, CONFLICT_DETECTED] as const;
export type WritebackFailedReason = (typeof WRITEBACK_FAILED_REASONS)[number];

/** The negative-polarity conditions a failure sets, and the reasons they carry. */
export type FailureConditionType = typeof FETCH_FAILED | typeof JIRA_SYNC_FAILED | typeof WRITEBACK_FAILED;
export type FailureConditionReason = FetchFailedReason | JiraSyncFailedReason | WritebackFailedReason;

/** Which reasons each condition type may carry. */
export const REASONS_BY_CONDITION: Readonly<Record<ConditionType, readonly string[]>> = {
  [READY]: READY_REASONS,
  [RECONCILING]: RECONCILING_REASONS,
  [STALLED]: STALLED_REASONS,
  [FETCH_FAILED]: FETCH_FAILED_REASONS,
  [JIRA_SYNC_FAILED]: JIRA_SYNC_FAILED_REASONS,
  [WRITEBACK_FAILED]: WRITEBACK_FAILED_REASONS,
};

/** Reasons of core Events the controller records about a TractRepo (Normal unless noted). */
export const EVENT_REASONS = {
  /** A new commit was seen on the branch. */
  newRevision: 'NewRevision',
  /** A pass finished; the message counts created/updated/deleted. */
  syncSucceeded: 'SyncSucceeded',
  /** Warning: a pass failed; the message is the Ready message. */
  syncFailed: 'SyncFailed',
  /** The controller pushed a write-back or a Jira → git commit. */
  writebackCommitted: 'WritebackCommitted',
  /** Warning: an incoming webhook failed verification. */
  webhookRejected: 'WebhookRejected',
  /** spec.suspend became true. */
  suspended: 'Suspended',
  /** A Jira worklog duplicating a synced record was deleted in Jira (spec.sync.duplicates: Discard). */
  duplicateDiscarded: 'DuplicateDiscarded',
  /** Warning: a Jira worklog duplicates a synced record and was left there (spec.sync.duplicates: Report). */
  duplicateInJira: 'DuplicateInJira',
  /** Warning: worklogs failed for a reason of their own (message: how many, the first reason, next retry). */
  worklogsFailed: 'WorklogsFailed',
  /** Warning: worklog lines are malformed and skipped (message: how many, the first one); they do not stall the repo. */
  invalidWorklogFormat: INVALID_WORKLOG_FORMAT,
  /** Warning: synced records are gone from git without a tombstone; nothing is deleted in Jira (docs/records.md). */
  worklogMissing: 'WorklogMissing',
} as const;
export type EventReason = (typeof EVENT_REASONS)[keyof typeof EVENT_REASONS];
