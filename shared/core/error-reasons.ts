/**
 * Every machine-readable `reason` a TractError may carry, with what it means (docs/code-style.md, "Errors").
 * `TractError.reason` is typed by this catalogue, so a misspelt reason fails the typecheck. Reasons are
 * contracts once they leave the process — the controller API's `errors[].reason` (docs/controller-api.md),
 * `tract_sync_errors_total{reason}` (docs/metrics.md), TractRepo conditions that pass an error's reason
 * through (docs/tractrepo.md, "Conditions and reasons") — so a reason's text never changes.
 *
 * Grouped by the class that carries the reason; two reasons also ride on InternalError (noted). A reason
 * read from another process (the API's JSON) is a string until `decodeReason` says otherwise.
 */

/** ValidationError: the input is wrong; the same input can never succeed. */
export const VALIDATION_REASONS = {
  // The CLI's own input.
  Usage: 'the command line is wrong (the message names the `--help` to read)',
  InvalidConfig: 'a configuration file, flag or variable (CLI or controller) has an invalid value',
  InvalidDuration: 'a duration is not like 2h30m, or not positive',
  InvalidDurationUnits: 'hoursPerDay or daysPerWeek is out of range',
  InvalidStarted: 'a start time is not ISO 8601 with an offset (or not a time Tract can read)',
  InvalidTimeZone: 'a time zone is not an IANA zone name',
  InvalidPeriod: 'a report period (--date, --week, --month) is not a real one',
  InvalidIssueKey: 'not a Jira issue key such as APP-1234',
  InvalidId: 'a worklog id prefix is too short',
  UnknownId: 'no worklog has that id',
  AmbiguousId: 'the id prefix matches several worklogs',
  AlreadyDeleted: 'the worklog was deleted already',
  MalformedTarget: 'the worklog sits on a malformed line: fix the line by hand',
  FutureStart: 'the start is in the future (--force logs it anyway)',
  FutureEnd: 'the end is in the future',
  OverlongEntry: 'one worklog over 24h (--force logs it anyway)',
  EndBeforeStart: 'a timer would end before it started',
  NoTimer: 'no timer is running',
  TimerRunning: 'a timer is running already',
  TimerTooShort: 'the timer ran less than a minute: nothing to log',
  TimerOverLimit: 'the timer ran over timerLimit (give the end, or --force)',
  MalformedTimer: 'the timer file is not one Tract wrote',
  NotInitialised: '`tract init` has not run in this repository',
  NotARepository: 'the directory is not inside a git repository (timer commands)',
  NoAuthor: 'no author is configured',
  NoRemote: 'the repository has no remote to push to',
  NoCommits: 'there are no commits to push',
  DirtyWorktree: 'files Tract would commit have uncommitted changes',
  DoctorFailed: '`tract doctor` found problems',
  NoRepos: '`tract suggest` has no code repositories to read',
  NoSuchRepo: 'a code repository given to `tract suggest` does not exist',
  NoGitIdentity: 'a code repository has no git user.email',
  SyncFailed: 'the sync server reports a worklog failed (and gave no reason Tract knows)',
  // Worklog files and the local queue (docs/records.md).
  InvalidRecord: 'Tract refused to write a record that breaks the worklog format',
  InvalidQueueEntry: 'a file in the local sync queue is not a queue entry',
  // git (shared/git/classify-git-error.ts).
  InvalidArgument: 'an argument for git is unusable (a path with a line break, a bad hook name)',
  NotAGitRepository: 'the directory is not a git repository',
  DetachedHead: 'HEAD is detached: check out a branch',
  UnknownRevision: 'a revision or ref does not exist',
  RemoteBranchNotFound: 'the branch does not exist on the remote',
  GitRemoteNotFound: 'the remote repository does not exist or the credentials cannot see it',
  BranchNotFound: 'the local branch to push has no commits',
  PathNotFound: 'a path is not in the repository',
  NothingToCommit: 'a commit had no staged changes',
  GitIdentityMissing: 'git has no user.name or user.email to commit with',
  DestinationExists: 'a clone target is a non-empty directory',
  DubiousOwnership: 'git refuses a repository owned by another user (safe.directory)',
  BareRepository: 'a command needs a work tree',
  // Jira (shared/jira/classify-jira-failure.ts).
  IssueNotFound: 'the issue does not exist in Jira (or cannot be seen)',
  IssueNotEditable: 'the issue is closed in Jira and takes no worklogs',
  WorklogNotFound: 'the worklog does not exist in Jira any more',
  WorklogLimitReached: "the issue reached Jira's limit of worklogs",
  PermissionDenied: 'the author may not log work on the issue (the author\'s worklogs wait)',
  TimeTrackingDisabled: 'the Jira site has time tracking turned off (the repo\'s worklogs wait)',
  JiraRejected: 'Jira refused the worklog (InternalError when it refused a start time Tract wrote)',
  // The controller.
  InvalidSpec: 'a TractRepo spec cannot work as written (the message names the field)',
  RepoGone: 'the TractRepo was deleted or is being deleted: Jira events still waiting for it are dropped',
  InvalidManifest: 'a standalone manifest file has problems',
  SecretInvalid: 'a Secret exists but lacks a key or holds an unusable value',
  Suspended: 'the TractRepo is suspended (spec.suspend)',
  UnknownAuthor: 'a worklog author is missing from spec.authors',
  IdentityNotFound: 'a worklog author in spec.authors is unknown to Jira',
  ProjectNotSynced: "the issue's project is not in spec.jira.projects",
  KubeNotFound: 'the Kubernetes API has no such object',
  KubeInvalid: 'the Kubernetes API rejected the request',
} as const satisfies Readonly<Record<string, string>>;

/** AuthError: credentials are missing, wrong or lack a permission. */
export const AUTH_REASONS = {
  AuthenticationFailed: 'git or Jira refused the credentials',
  HostKeyNotTrusted: "the git server's ssh host key is not in known_hosts",
  PushDenied: 'the git remote refused the push (branch protection, no write access)',
  KubeForbidden: 'the Kubernetes API refused the controller (credentials, RBAC)',
  Unauthorized: 'the sync server refused the API token (TRACT_SYNC_TOKEN)',
} as const satisfies Readonly<Record<string, string>>;

/** ConflictError: someone else changed the same thing first. */
export const CONFLICT_REASONS = {
  PushRejected: 'the remote branch moved: fetch, rebase and push again',
  RebaseInProgress: 'a rebase is already in progress in the repository',
  RebaseConflict: "local commits conflict with the remote's",
  ChangeNotLanded: 'a change did not survive the rebase of its push',
  KubeConflict: 'a Kubernetes object changed under the write',
  LeaseConflict: 'another replica changed the leader Lease first',
} as const satisfies Readonly<Record<string, string>>;

/** TransientError: worth retrying later. */
export const TRANSIENT_REASONS = {
  GitOperationFailed: 'git could not reach the remote, timed out or found the repository busy (InternalError when no rule knew the failure)',
  JiraUnreachable: 'Jira did not answer a read or an update',
  JiraServerError: 'Jira answered 5xx',
  OutcomeUnknown: 'a write to Jira may or may not have happened (no answer, or 5xx on a create)',
  RateLimited: 'Jira answered 429 (JiraRateLimited carries the scope)',
  SecretNotFound: 'a referenced Secret (or the secrets folder) does not exist yet',
  StateStorageFailed: "the controller's state directory could not be read or written",
  KubeUnavailable: 'the Kubernetes API is unreachable or busy',
  ShuttingDown: 'the controller is stopping',
  ServerUnreachable: 'the sync server did not answer',
  ServerError: 'the sync server answered 429 or 5xx',
} as const satisfies Readonly<Record<string, string>>;

/** InternalError: a bug in Tract (or a Jira that broke its contract). */
export const INTERNAL_REASONS = {
  JiraSchemaMismatch: 'Jira answered 2xx with a body of an unexpected shape',
} as const satisfies Readonly<Record<string, string>>;

/** The whole catalogue: reason → meaning. */
export const ERROR_REASONS = {
  ...VALIDATION_REASONS, ...AUTH_REASONS, ...CONFLICT_REASONS, ...TRANSIENT_REASONS, ...INTERNAL_REASONS,
} as const satisfies Readonly<Record<string, string>>;

export type ValidationReason = keyof typeof VALIDATION_REASONS;
export type AuthReason = keyof typeof AUTH_REASONS;
export type ConflictReason = keyof typeof CONFLICT_REASONS;
export type TransientReason = keyof typeof TRANSIENT_REASONS;
export type InternalReason = keyof typeof INTERNAL_REASONS;
export type TractErrorReason = keyof typeof ERROR_REASONS;

/**
 * The `reason` of the controller HTTP API's error envelope `{ "error": { "reason", "message" } }`
 * (docs/controller-api.md). Not TractError reasons: they answer a request, not a failed operation.
 */
export const API_ERROR_REASONS = {
  NotFound: 'no such route, TractRepo or worklog',
  BadRequest: 'the request could not be read',
  PayloadTooLarge: 'a webhook body is over the limit',
  Unauthorized: 'an API token or a webhook signature is missing or wrong',
  TooManyRequests: 'the client went over rateLimit.apiPerMinute (Retry-After says when to come back)',
  Suspended: 'the TractRepo is suspended: no sync is triggered',
  NotLeader: 'a standby replica answered and no leader is reachable',
  InternalError: 'the controller failed to answer (see its log)',
} as const satisfies Readonly<Record<string, string>>;

export type ApiErrorReason = keyof typeof API_ERROR_REASONS;

/** `value` as a reason of `catalogue` (e.g. ERROR_REASONS), or undefined: for reasons read from outside. */
export function decodeReason<R extends string>(catalogue: Readonly<Record<R, string>>, value: unknown): R | undefined {
  return typeof value === 'string' && Object.hasOwn(catalogue, value) ? (value as R) : undefined;
}
