/**
 * The one place where a failed pass becomes conditions and requeue timing (docs/code-style.md, "Errors"; Flux's
 * Stalling / Waiting / Generic error classes). The step the error came from decides which negative
 * condition carries it (FetchFailed, JiraSyncFailed, WritebackFailed); the error's class decides the rest:
 *
 * | class           | Ready                         | Stalled                  | requeue                          |
 * |-----------------|-------------------------------|--------------------------|----------------------------------|
 * | ValidationError | False InvalidSpec             | InvalidSpec              | none until the generation changes |
 * |  … SecretInvalid| False InvalidSpec             | SecretInvalid            | slow (a Secret edit bumps nothing) |
 * |  … git ref/URL  | False GitOperationFailed      | —                        | backoff (someone may push it)     |
 * | AuthError       | False AuthenticationFailed    | —                        | slow (≥ 5 min), warning event     |
 * | ConflictError   | False WritebackFailed         | —                        | now (backs off if it repeats)     |
 * | TransientError  | False by step / rate limit / SecretNotFound | —          | backoff, ≥ Retry-After            |
 * | InternalError   | False by step, "please report"| —                        | backoff                           |
 */
import { AuthError, ConflictError, TransientError, ValidationError, toTractError } from '../../shared/core/tract-error.ts';
import type { TractError } from '../../shared/core/tract-error.ts';
import type { TractErrorReason } from '../../shared/core/error-reasons.ts';
import {
  AUTHENTICATION_FAILED, FETCH_FAILED, GIT_OPERATION_FAILED, INVALID_SPEC, JIRA_API_FAILED, JIRA_RATE_LIMITED, JIRA_SYNC_FAILED,
  PUSH_REJECTED, SECRET_INVALID, SECRET_NOT_FOUND, WRITEBACK_FAILED, WRITEBACK_FAILED_REASON,
} from '../api/condition-reasons.ts';
import type { FailureConditionReason, FailureConditionType, ReadyReason, StalledReason } from '../api/condition-reasons.ts';
import type { ConditionStatus } from '../api/tract-repo.ts';
import type { ReconcileResult } from '../telemetry/metrics.ts';
import type { WorkResult } from '../workqueue/work-queue.ts';

export type StepName = 'spec' | 'secrets' | 'fetch' | 'jira' | 'writeback' | 'from-jira';

/** Not in the CRD's documented list: the state directory could not be written (disk full, permissions). */
export const STATE_STORAGE_FAILED = 'StateStorageFailed' satisfies TractErrorReason;

/** Slow requeue for failures a human must fix outside the spec (credentials, Secrets). */
export const SLOW_REQUEUE_MS = 5 * 60_000;

const GIT_REASONS: ReadonlySet<TractErrorReason> = new Set<TractErrorReason>([
  'GitOperationFailed', 'PushRejected', 'PushDenied', 'GitRemoteNotFound', 'RemoteBranchNotFound', 'UnknownRevision', 'BranchNotFound',
]);
/** Git validation failures that a push or a fix on the remote (not the spec) can end. */
const RETRYABLE_GIT_VALIDATION: ReadonlySet<TractErrorReason> = new Set<TractErrorReason>(['GitRemoteNotFound', 'RemoteBranchNotFound', 'UnknownRevision', 'BranchNotFound']);

/** The Ready reason of a pass: a documented one, or StateStorageFailed. */
export type PassReadyReason = ReadyReason | typeof STATE_STORAGE_FAILED;

export interface ConditionVerdict {
  status: ConditionStatus;
  reason: PassReadyReason;
  message: string;
}

export interface PassOutcome {
  result: ReconcileResult;
  ready: ConditionVerdict;
  stalled?: { reason: StalledReason; message: string };
  /** The negative-polarity condition that is True while this failure lasts. */
  failure?: { type: FailureConditionType; reason: FailureConditionReason; message: string };
  work: WorkResult;
}

export class StepFailure extends Error {
  readonly step: StepName;
  readonly error: TractError;

  constructor(step: StepName, error: unknown) {
    const tract = toTractError(error);
    super(tract.message, { cause: tract });
    this.name = 'StepFailure';
    this.step = step;
    this.error = tract;
  }
}

/** Runs one step, tagging what it throws with the step's name. */
export async function inStep<T>(step: StepName, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof StepFailure ? err : new StepFailure(step, err);
  }
}

export function toPassOutcome(thrown: unknown, fallbackStep: StepName = 'spec'): PassOutcome {
  const step = thrown instanceof StepFailure ? thrown.step : fallbackStep;
  const err = thrown instanceof StepFailure ? thrown.error : toTractError(thrown);
  const message = err.message;
  if (err instanceof ValidationError) return validationOutcome(err, step);
  if (err instanceof AuthError) {
    return failed(AUTHENTICATION_FAILED, step, err, message, { kind: 'retry', minDelayMs: SLOW_REQUEUE_MS }, 'error', AUTHENTICATION_FAILED);
  }
  if (err instanceof ConflictError) return failed(WRITEBACK_FAILED_REASON, 'writeback', err, message, { kind: 'now' }, 'requeue', PUSH_REJECTED);
  if (err instanceof TransientError) return transientOutcome(err, step);
  return failed(readyReasonOf(step, err), step, err, `${message} (an internal error: please report it)`, { kind: 'retry' }, 'error');
}

function transientOutcome(err: TransientError, step: StepName): PassOutcome {
  const retry: WorkResult = { kind: 'retry', ...(err.retryAfterMs === undefined ? {} : { minDelayMs: err.retryAfterMs }) };
  if (err.reason === SECRET_NOT_FOUND) return failed(SECRET_NOT_FOUND, 'secrets', err, err.message, retry, 'error', SECRET_NOT_FOUND);
  if (err.reason === 'RateLimited') return failed(JIRA_RATE_LIMITED, 'jira', err, err.message, retry, 'error', JIRA_RATE_LIMITED);
  return failed(readyReasonOf(step, err), step, err, err.message, retry, 'error');
}

function validationOutcome(err: ValidationError, step: StepName): PassOutcome {
  if (isOneOf(RETRYABLE_GIT_VALIDATION, err.reason)) {
    return failed(GIT_OPERATION_FAILED, step === 'writeback' ? 'writeback' : 'fetch', err, err.message, { kind: 'retry' }, 'error');
  }
  const secret = err.reason === SECRET_INVALID;
  return {
    result: 'stalled',
    ready: { status: 'False', reason: INVALID_SPEC, message: err.message },
    stalled: { reason: secret ? SECRET_INVALID : INVALID_SPEC, message: err.message },
    work: secret ? { kind: 'retry', minDelayMs: SLOW_REQUEUE_MS } : { kind: 'stop' },
  };
}

function failed(
  readyReason: PassReadyReason, step: StepName, err: TractError, message: string, work: WorkResult, result: ReconcileResult, failureReason?: FailureConditionReason,
): PassOutcome {
  const type = failureType(step, err);
  return {
    result,
    ready: { status: 'False', reason: readyReason, message },
    ...(type ? { failure: { type, reason: failureReason ?? failureReasonOf(type, err), message } } : {}),
    work,
  };
}

function failureType(step: StepName, err: TractError): FailureConditionType | undefined {
  if (err.reason === STATE_STORAGE_FAILED) return undefined;
  switch (step) {
    case 'secrets':
    case 'fetch':
      return FETCH_FAILED;
    case 'jira':
      return JIRA_SYNC_FAILED;
    case 'writeback':
      return WRITEBACK_FAILED;
    case 'from-jira':
      return isOneOf(GIT_REASONS, err.reason) ? WRITEBACK_FAILED : JIRA_SYNC_FAILED;
    default:
      return undefined;
  }
}

function failureReasonOf(type: FailureConditionType, err: TractError): FailureConditionReason {
  if (type === WRITEBACK_FAILED) return err.reason === 'PushRejected' ? PUSH_REJECTED : GIT_OPERATION_FAILED;
  if (type === JIRA_SYNC_FAILED) return JIRA_API_FAILED;
  return GIT_OPERATION_FAILED;
}

function readyReasonOf(step: StepName, err: TractError): PassReadyReason {
  if (err.reason === STATE_STORAGE_FAILED) return STATE_STORAGE_FAILED;
  switch (step) {
    case 'jira':
      return JIRA_API_FAILED;
    case 'writeback':
      return WRITEBACK_FAILED_REASON;
    case 'from-jira':
      return isOneOf(GIT_REASONS, err.reason) ? WRITEBACK_FAILED_REASON : JIRA_API_FAILED;
    case 'spec':
      return INVALID_SPEC;
    default:
      return GIT_OPERATION_FAILED;
  }
}

function isOneOf(reasons: ReadonlySet<TractErrorReason>, reason: TractErrorReason | undefined): boolean {
  return reason !== undefined && reasons.has(reason);
}
