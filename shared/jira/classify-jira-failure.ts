/**
 * Turns a raw Jira failure into one of Tract's error kinds, once, with the context of the call.
 * Facts: docs/jira-sim.md (Jira's error bodies and status codes; "Rate limits").
 */
import { AuthError, InternalError, TractError, TransientError, ValidationError, toTractError } from '../core/tract-error.ts';
import type { TransientErrorOptions } from '../core/tract-error.ts';
import { JiraHttpFailure, JiraSchemaMismatch } from './jira-transport.ts';

export type JiraOperation = 'create' | 'update' | 'delete' | 'read';

export interface JiraCallContext {
  op: JiraOperation;
  site: string;
  issueKey?: string;
}

/** Which budget a 429 exhausted: one issue's write limit, the site's burst limit, or the hourly quota. */
export type RateLimitScope = 'issue' | 'site';

/** Jira answered 429. `scope` says whether to slow one issue or the whole site. */
export class JiraRateLimited extends TransientError {
  readonly scope: RateLimitScope;
  readonly limitReason: string;

  constructor(message: string, options: TransientErrorOptions & { scope: RateLimitScope; limitReason: string }) {
    super(message, { ...options, reason: 'RateLimited' });
    this.scope = options.scope;
    this.limitReason = options.limitReason;
  }
}

/** Reason of a TransientError whose write may or may not have happened in Jira. */
export const OUTCOME_UNKNOWN = 'OutcomeUnknown';

export function isOutcomeUnknown(err: unknown): boolean {
  return err instanceof TransientError && err.reason === OUTCOME_UNKNOWN;
}

/** The worklog to update or delete is gone from Jira. */
export function isWorklogNotFound(err: unknown): boolean {
  return err instanceof TractError && err.reason === 'WorklogNotFound';
}

export function classifyJiraFailure(err: unknown, context: JiraCallContext): TractError {
  if (err instanceof JiraSchemaMismatch) return new InternalError(err.message, { cause: err, reason: 'JiraSchemaMismatch' });
  if (!(err instanceof JiraHttpFailure)) return toTractError(err);
  if (err.status === 0) return unreachable(err, context);
  if (err.status >= 500) return serverError(err, context);
  const byStatus = BY_STATUS[err.status] ?? badRequest;
  return byStatus(err, context);
}

const BY_STATUS: Record<number, (err: JiraHttpFailure, context: JiraCallContext) => TractError> = {
  401: (_err, context) =>
    new AuthError(`Jira at ${context.site} rejected the credentials (401): check the API token in the Jira secret`, { reason: 'AuthenticationFailed' }),
  403: (err, context) => forbidden(err, context),
  404: (err, context) => notFound(err, context),
  413: (_err, context) =>
    new ValidationError(`Issue ${context.issueKey ?? '?'} has reached Jira's limit of worklogs per issue`, { reason: 'WorklogLimitReached' }),
  429: (err, context) => rateLimited(err, context),
};

function unreachable(err: JiraHttpFailure, context: JiraCallContext): TractError {
  const unknown = err.outcomeUnknown && context.op !== 'read';
  return new TransientError(`Jira at ${context.site} did not answer: ${err.message}`, {
    cause: err,
    reason: unknown ? OUTCOME_UNKNOWN : 'JiraUnreachable',
  });
}

function forbidden(err: JiraHttpFailure, context: JiraCallContext): TractError {
  const detail = jiraMessages(err.body) || 'permission denied';
  return new ValidationError(`No permission to log work on ${context.issueKey ?? 'the issue'} in Jira: ${detail}`, { reason: 'PermissionDenied' });
}

function notFound(err: JiraHttpFailure, context: JiraCallContext): TractError {
  const detail = jiraMessages(err.body);
  if (/time tracking is disabled/i.test(detail)) {
    return new ValidationError(`Time tracking is disabled in Jira at ${context.site}: enable it in Jira's settings`, { reason: 'TimeTrackingDisabled' });
  }
  if (context.op === 'update' || context.op === 'delete') {
    return new ValidationError(`Worklog not found in Jira on ${context.issueKey ?? 'the issue'}`, { reason: 'WorklogNotFound' });
  }
  return new ValidationError(`Issue ${context.issueKey ?? '?'} not found in Jira`, { reason: 'IssueNotFound' });
}

function rateLimited(err: JiraHttpFailure, context: JiraCallContext): TractError {
  const limitReason = err.headers?.get('ratelimit-reason') ?? 'unknown';
  const retryAfterMs = retryAfter(err.headers);
  return new JiraRateLimited(`Jira at ${context.site} is rate limiting requests (${limitReason})`, {
    retryAfterMs,
    scope: limitReason === 'jira-per-issue-on-write' ? 'issue' : 'site',
    limitReason,
  });
}

function serverError(err: JiraHttpFailure, context: JiraCallContext): TractError {
  // A gateway error after a write may hide a write that happened: treat creates as unknown outcomes.
  const reason = context.op === 'create' ? OUTCOME_UNKNOWN : 'JiraServerError';
  return new TransientError(`Jira at ${context.site} failed with ${err.status}`, { reason, retryAfterMs: retryAfter(err.headers), cause: err });
}

function badRequest(err: JiraHttpFailure, context: JiraCallContext): TractError {
  const detail = jiraMessages(err.body) || `status ${err.status}`;
  if (/non-editable workflow state/i.test(detail)) {
    return new ValidationError(`Issue ${context.issueKey ?? '?'} is closed in Jira and cannot take worklogs`, { reason: 'IssueNotEditable' });
  }
  if (/Invalid date format/i.test(detail)) {
    return new InternalError(`Jira rejected the start time Tract sent (${detail}): please report this`, { reason: 'JiraRejected' });
  }
  return new ValidationError(`Jira rejected the worklog on ${context.issueKey ?? 'the issue'}: ${detail}`, { reason: 'JiraRejected' });
}

/** Jira's error envelope `{errorMessages:[…], errors:{field: msg}}` as one line. */
export function jiraMessages(body: unknown): string {
  if (typeof body === 'string') return body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
  if (typeof body !== 'object' || body === null) return '';
  const envelope = body as { errorMessages?: unknown; errors?: unknown };
  const messages = Array.isArray(envelope.errorMessages) ? envelope.errorMessages.filter((m) => typeof m === 'string') : [];
  const fields = typeof envelope.errors === 'object' && envelope.errors !== null ? Object.entries(envelope.errors).map(([k, v]) => `${k}: ${String(v)}`) : [];
  return [...messages, ...fields].join('; ').replace(/[\r\n]+/g, ' ');
}

/** `Retry-After` as seconds or an HTTP date. */
export function retryAfter(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
