import { planEstimateChange, type EstimateParams, type WorklogOperation } from './estimates.ts';
import {
  JIRA_MESSAGES,
  JiraHttpError,
  badRequest,
  errorBody,
  forbidden,
  issueNotFound,
  worklogNotFound,
} from './jira-error.ts';
import { rateLimitHeaders } from './rate-limiter.ts';
import type { SimContext } from './sim-context.ts';
import { snapshotWorklog } from './sim-context.ts';
import type { ApiVersion, SimIssue, SimUser, SimWorklog } from './sim-types.ts';
import { decodeWorklogInput } from './worklog-input.ts';

export function requireIssue(ctx: SimContext, idOrKey: string): SimIssue {
  const issue = ctx.store.findIssue(idOrKey);
  if (issue === undefined) throw issueNotFound();
  return issue;
}

/** Reads need time tracking on (Jira answers 404 with its message when it is off). */
export function requireTimeTracking(ctx: SimContext, status: number): void {
  if (!ctx.store.site.timeTrackingEnabled) {
    throw new JiraHttpError(status, errorBody([JIRA_MESSAGES.timeTrackingDisabled]));
  }
}

export function requireWorklog(ctx: SimContext, issue: SimIssue, id: string): SimWorklog {
  const worklog = ctx.store.findWorklog(issue, id);
  if (worklog === undefined) throw worklogNotFound(id);
  return worklog;
}

/** The checks every worklog write passes, in Jira's order: time tracking, permission, workflow state. */
export function requireWritable(ctx: SimContext, issue: SimIssue, user: SimUser, op: WorklogOperation): void {
  requireTimeTracking(ctx, op === 'create' ? 400 : 404);
  const project = ctx.store.projects.get(issue.projectKey);
  if (project?.noWorkOnIssues.has(user.accountId) === true) throw forbidden(JIRA_MESSAGES.noWorkPermission);
  if (issue.closed) throw badRequest([JIRA_MESSAGES.notEditable]);
}

/** Counts a write against the per-issue limit; 429 with Jira's headers when over it. */
export function takeIssueWrite(ctx: SimContext, issue: SimIssue): void {
  const now = ctx.clock.nowMs();
  const verdict = ctx.limiter.checkIssueWrite(issue.id, now);
  if (verdict?.limited === true) {
    throw new JiraHttpError(
      429,
      { ...errorBody([JIRA_MESSAGES.rateLimited]), status: 429 },
      rateLimitHeaders(verdict, now),
    );
  }
}

export interface WriteRequest {
  user: SimUser;
  issueIdOrKey: string;
  version: ApiVersion;
  body: unknown;
  query: EstimateParams;
}

export function addWorklog(ctx: SimContext, req: WriteRequest): SimWorklog {
  const { store } = ctx;
  const issue = requireIssue(ctx, req.issueIdOrKey);
  requireWritable(ctx, issue, req.user, 'create');
  takeIssueWrite(ctx, issue);
  const input = decodeWorklogInput(req.body, { version: req.version, mode: 'create', userZone: req.user.timeZone, time: store.site });
  const estimate = planEstimateChange('create', req.query, store.site);
  if (issue.worklogIds.length >= store.site.maxWorklogsPerIssue) {
    throw new JiraHttpError(413, errorBody([`${JIRA_MESSAGES.worklogLimit}${store.site.maxWorklogsPerIssue}.`]));
  }
  const now = ctx.clock.nowMs();
  const worklog: SimWorklog = {
    id: store.newWorklogId(),
    issueId: issue.id,
    authorId: req.user.accountId,
    updateAuthorId: req.user.accountId,
    createdMs: now,
    updatedMs: now,
    startedMs: input.startedMs ?? now,
    timeSpentSeconds: input.timeSpentSeconds ?? 60,
    comment: input.comment,
    visibility: input.visibility,
    properties: input.properties ?? new Map(),
  };
  store.insertWorklog(worklog);
  issue.remainingEstimateSeconds = estimate(issue.remainingEstimateSeconds, worklog.timeSpentSeconds);
  ctx.events.publish('worklog_created', snapshotWorklog(worklog));
  return worklog;
}

export function updateWorklog(ctx: SimContext, req: WriteRequest & { id: string }): SimWorklog {
  const { store } = ctx;
  const issue = requireIssue(ctx, req.issueIdOrKey);
  requireTimeTracking(ctx, 404);
  const worklog = requireWorklog(ctx, issue, req.id);
  requireWritable(ctx, issue, req.user, 'update');
  takeIssueWrite(ctx, issue);
  const input = decodeWorklogInput(req.body, { version: req.version, mode: 'update', userZone: req.user.timeZone, time: store.site });
  const estimate = planEstimateChange('update', req.query, store.site);
  const delta = (input.timeSpentSeconds ?? worklog.timeSpentSeconds) - worklog.timeSpentSeconds;
  if (input.startedMs !== undefined) worklog.startedMs = input.startedMs;
  if (input.timeSpentSeconds !== undefined) worklog.timeSpentSeconds = input.timeSpentSeconds;
  if (input.comment !== undefined) worklog.comment = input.comment;
  if (input.visibility !== undefined) worklog.visibility = input.visibility;
  if (input.properties !== undefined) for (const [key, value] of input.properties) worklog.properties.set(key, value);
  worklog.updateAuthorId = req.user.accountId;
  worklog.updatedMs = Math.max(ctx.clock.nowMs(), worklog.updatedMs + 1);
  issue.remainingEstimateSeconds = estimate(issue.remainingEstimateSeconds, delta);
  ctx.events.publish('worklog_updated', snapshotWorklog(worklog));
  return worklog;
}

export function deleteWorklog(ctx: SimContext, req: Omit<WriteRequest, 'body' | 'version'> & { id: string }): void {
  const { store } = ctx;
  const issue = requireIssue(ctx, req.issueIdOrKey);
  requireTimeTracking(ctx, 404);
  const worklog = requireWorklog(ctx, issue, req.id);
  requireWritable(ctx, issue, req.user, 'delete');
  takeIssueWrite(ctx, issue);
  const estimate = planEstimateChange('delete', req.query, store.site);
  store.removeWorklog(worklog, ctx.clock.nowMs());
  issue.remainingEstimateSeconds = estimate(issue.remainingEstimateSeconds, -worklog.timeSpentSeconds);
  ctx.events.publish('worklog_deleted', snapshotWorklog(worklog));
}
