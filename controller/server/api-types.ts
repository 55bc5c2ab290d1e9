/**
 * The shapes of the controller's HTTP API v1 (docs/controller-api.md). The CLI keeps its own copy
 * (cli/sync/sync-api-types.ts: cli and controller never import each other); the end-to-end tests run
 * the CLI against this server to keep both in step.
 */
import type { Condition } from '../api/tract-repo.ts';
import type { RecordedEvent } from '../reconcile/ports.ts';
import type { ProblemView, QueueView, RecordErrorView, RecordSyncState } from '../reconcile/record-index.ts';

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

export interface RepoDetail extends RepoSummary {
  conditions: Condition[];
  queue: QueueView[];
  errors: RecordErrorView[];
  problems: ProblemView[];
  /** Not in the v1 contract's table: the repo's recent events, newest last. */
  events: RecordedEvent[];
}

export interface WorklogSyncState {
  id: string;
  repo: string;
  issue: string;
  state: RecordSyncState;
  jira: { worklogId: string; issueId: string } | null;
  error: { reason: string; message: string } | null;
  updatedAt: string;
}

export interface ApiError {
  error: { reason: string; message: string };
}
