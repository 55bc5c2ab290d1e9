/**
 * The controller's read API as the CLI sees it (docs/controller-api.md): the shared wire shapes, plus
 * what only the CLI decides. The fake sync server in test/support implements the same shapes.
 */
export type {
  HealthAnswer,
  ReadyStatus,
  RepoSummary,
  SyncState,
  SyncFailure,
  QueueEntryState,
  RecordError,
  MissingRecord,
  JiraDuplicate,
  RepoProblem,
  RepoCondition,
  RepoDetail,
  WorklogSyncState,
  ApiErrorBody,
} from '../../shared/core/controller-api.ts';
import type { TractErrorReason } from '../../shared/core/error-reasons.ts';

/** Failure reasons that mean "fix the credentials" rather than "fix the worklog". */
export const AUTH_FAILURE_REASONS: ReadonlySet<TractErrorReason> = new Set<TractErrorReason>(['AuthenticationFailed', 'Unauthorized', 'PermissionDenied']);
