/**
 * The wire shapes of the controller's HTTP API v1 (docs/controller-api.md): the contract the CLI (which
 * reads it) and the controller (which serves it) share, since they never import each other.
 */

export interface HealthAnswer {
  status: string;
  version: string;
}

export type ReadyStatus = 'True' | 'False' | 'Unknown';

export interface RepoSummary {
  namespace: string;
  name: string;
  gitUrl: string;
  branch: string;
  jiraUrl: string;
  ready: ReadyStatus;
  reason: string;
  message: string;
  suspended: boolean;
  pending: number;
  failed: number;
  lastSyncedCommit: string | null;
  lastSyncTime: string | null;
  webhookPath: string;
}

export type SyncState = 'pending' | 'synced' | 'failed' | 'deleted';

export interface SyncFailure {
  /** The error's reason (error-reasons.ts), its kind when it had none, or `InvalidWorklogFormat`; strings on the wire. */
  reason: string;
  message: string;
}

export interface QueueEntryState {
  file: string;
  worklogId: string;
  queuedAt: string;
  reason: string;
  state: SyncState;
  error?: SyncFailure;
}

export interface RecordError {
  worklogId: string;
  issue: string;
  file: string;
  /** As `SyncFailure.reason`. */
  reason: string;
  message: string;
  since: string;
  /** The record's author (older controllers leave it out). */
  author?: string;
  /** Who must act: `repo` (credentials, the Jira site), `author` (permission, identity), `record`. */
  scope?: 'repo' | 'author' | 'record';
  /** Failures of this version in a row. */
  attempts?: number;
  /** When the controller tries this record again by itself (docs/to-jira.md "Retries"). */
  nextRetryAt?: string;
}

export interface RepoProblem {
  file: string;
  line: number;
  expected: string;
  found: string;
  message: string;
}

/**
 * A record Jira has that git shows neither live nor as a tombstone (docs/records.md, "Absence is not
 * deletion"): nothing is deleted in Jira; `message` says what happened to the line and how to fix it.
 */
export interface MissingRecord {
  worklogId: string;
  issue: string;
  jiraWorklogId: string;
  /** `file:line` of a malformed line that holds the record, when there is one. */
  malformedLine: string | null;
  message: string;
}

export interface RepoCondition {
  type: string;
  status: ReadyStatus;
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

/** One identity-map entry as the controller resolved it against Jira. */
export interface RepoAuthor {
  name: string;
  accountId?: string;
  username?: string;
  resolvedFrom: 'spec' | 'email' | 'none';
  message?: string;
}

export interface JiraDuplicate {
  worklogId: string;
  action: 'discarded' | 'reported';
  message: string;
  at: string;
}

export interface RepoDetail extends RepoSummary {
  conditions: RepoCondition[];
  /** The identity map (older controllers leave it out). */
  authors?: RepoAuthor[];
  /** Jira worklogs that duplicated synced records, discarded in Jira or only reported (older controllers leave it out). */
  jiraDuplicates?: JiraDuplicate[];
  queue: QueueEntryState[];
  errors: RecordError[];
  problems: RepoProblem[];
  missing: MissingRecord[];
}

export interface WorklogSyncState {
  id: string;
  repo: string;
  issue: string;
  state: SyncState;
  jira: { worklogId: string; issueId: string } | null;
  error: SyncFailure | null;
  updatedAt: string;
}

/** The error envelope. `reason` is an ApiErrorReason (error-reasons.ts); a client decodes it with `decodeReason`. */
export interface ApiErrorBody {
  error: { reason: string; message: string };
}
