/**
 * The error kinds of Tract. Each subclass is named by what the caller must do (docs/code-style.md, "Errors"):
 *
 * | class             | CLI exit | controller outcome                                        |
 * |-------------------|----------|-----------------------------------------------------------|
 * | ValidationError   | 2        | Stalled, no requeue until the TractRepo (or the record) changes |
 * | AuthError         | 3        | slow requeue, warning event                                |
 * | ConflictError     | 4        | refetch and retry now                                      |
 * | TransientError    | 0 (queued)| requeue with backoff, honouring `retryAfterMs`            |
 * | InternalError     | 1        | requeue with backoff, "please report"                     |
 *
 * Adapters classify raw failures into these once; everyone else checks the class, never `message`.
 * Messages must never contain a secret. Reasons come from one catalogue, `error-reasons.ts`.
 */
import type { TractErrorReason } from './error-reasons.ts';

export type TractErrorKind = 'validation' | 'auth' | 'conflict' | 'transient' | 'internal';

export interface TractErrorOptions {
  /** The lower-level failure, kept for logs (never shown with secrets). */
  cause?: unknown;
  /** A stable, machine-readable reason such as `IssueNotFound` or `PushRejected` (error-reasons.ts). */
  reason?: TractErrorReason;
}

export abstract class TractError extends Error {
  abstract readonly kind: TractErrorKind;
  readonly reason: TractErrorReason | undefined;

  constructor(message: string, options: TractErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.reason = options.reason;
  }
}

/** The input is wrong; retrying the same input can never succeed. */
export class ValidationError extends TractError {
  readonly kind = 'validation' as const;
}

/** Credentials are missing, wrong or lack a permission. */
export class AuthError extends TractError {
  readonly kind = 'auth' as const;
}

/** Someone else changed the same thing first: refetch and retry now. */
export class ConflictError extends TractError {
  readonly kind = 'conflict' as const;
}

export interface TransientErrorOptions extends TractErrorOptions {
  /** How long the other side asked us to wait (e.g. from `Retry-After`). */
  retryAfterMs?: number;
}

/** Worth retrying later: network failures, timeouts, 429, 5xx. */
export class TransientError extends TractError {
  readonly kind = 'transient' as const;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: TransientErrorOptions = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A bug in Tract: please report it. */
export class InternalError extends TractError {
  readonly kind = 'internal' as const;
}

/** Wraps anything thrown into a TractError, keeping TractErrors as they are. */
export function toTractError(err: unknown): TractError {
  if (err instanceof TractError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InternalError(message, { cause: err });
}
