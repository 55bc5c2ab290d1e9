/**
 * The shapes the controller's HTTP API v1 serves (docs/controller-api.md): the wire shapes shared with
 * the CLI (shared/core/controller-api.ts), with the detail view built from the controller's own records.
 */
import type { ApiErrorBody, MissingRecord, RepoDetail } from '../../shared/core/controller-api.ts';
import type { AuthorStatus, Condition } from '../api/tract-repo.ts';
import type { JiraDuplicateView } from '../from-jira/jira-duplicates.ts';
import type { RecordedEvent } from '../api/ports.ts';
import type { ProblemView, QueueView, RecordErrorView } from '../read-model/record-index.ts';

export type { ReadyStatus, RepoSummary, WorklogSyncState } from '../../shared/core/controller-api.ts';

/**
 * The shared `RepoDetail` as this controller serves it: the same wire shape, built from the controller's own
 * records (so every list is present), plus the repo's recent events.
 */
export interface ServedRepoDetail extends RepoDetail {
  conditions: Condition[];
  /** The identity map as resolved against Jira (status.authors). */
  authors: AuthorStatus[];
  /** Jira worklogs that duplicated synced records: discarded in Jira or reported (newest last). */
  jiraDuplicates: JiraDuplicateView[];
  queue: QueueView[];
  errors: RecordErrorView[];
  problems: ProblemView[];
  missing: MissingRecord[];
  /** Not in the v1 contract's table: the repo's recent events, newest last. */
  events: RecordedEvent[];
}

export type ApiError = ApiErrorBody;
