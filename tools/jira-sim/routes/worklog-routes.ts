import type { Request, Response, Router } from 'express';
import { notFound } from '../jira-error.ts';
import { renderWorklog } from '../render.ts';
import type { SimContext } from '../sim-context.ts';
import type { ApiVersion } from '../sim-types.ts';
import { addWorklog, deleteWorklog, requireIssue, requireTimeTracking, requireWorklog, updateWorklog } from '../worklog-service.ts';
import type { EstimateParams } from '../estimates.ts';
import { param, queryInt, queryString, renderContext, userOf } from './route-helpers.ts';

function estimateParams(req: Request): EstimateParams {
  return {
    adjustEstimate: queryString(req, 'adjustEstimate'),
    newEstimate: queryString(req, 'newEstimate'),
    reduceBy: queryString(req, 'reduceBy'),
    increaseBy: queryString(req, 'increaseBy'),
  };
}

/** Jira answers 404 when startAt or maxResults are not numbers (SPEC, getIssueWorklog). */
const notNumeric = (): Error => notFound('startAt and maxResults must be numbers.');

function listWorklogs(ctx: SimContext, version: ApiVersion, req: Request, res: Response): void {
  const issue = requireIssue(ctx, param(req, 'issueIdOrKey'));
  requireTimeTracking(ctx, 404);
  const startAt = Math.max(0, queryInt(req, 'startAt', 0, notNumeric));
  const maxResults = Math.max(0, queryInt(req, 'maxResults', 5000, notNumeric));
  const after = queryInt(req, 'startedAfter', Number.NEGATIVE_INFINITY);
  const before = queryInt(req, 'startedBefore', Number.POSITIVE_INFINITY);
  const matching = [];
  for (const id of issue.worklogIds) {
    const worklog = ctx.store.worklogs.get(id);
    if (worklog !== undefined && worklog.startedMs >= after && worklog.startedMs < before) matching.push(worklog);
  }
  const rc = renderContext(ctx, req, res, version);
  const page = matching.slice(startAt, startAt + maxResults).map((w) => renderWorklog(w, ctx.store, rc));
  res.json({ startAt, maxResults, total: matching.length, worklogs: page });
}

/** Worklog CRUD on `issue/{issueIdOrKey}/worklog[/{id}]` (docs/jira-api.md, "Endpoints Tract calls"). */
export function registerWorklogRoutes(router: Router, ctx: SimContext, version: ApiVersion): void {
  const base = '/issue/:issueIdOrKey/worklog';
  router.get(base, (req, res) => listWorklogs(ctx, version, req, res));

  router.post(base, (req, res) => {
    const worklog = addWorklog(ctx, {
      user: userOf(res),
      issueIdOrKey: param(req, 'issueIdOrKey'),
      version,
      body: req.body,
      query: estimateParams(req),
    });
    res.status(201).json(renderWorklog(worklog, ctx.store, renderContext(ctx, req, res, version)));
  });

  router.get(`${base}/:id`, (req, res) => {
    const issue = requireIssue(ctx, param(req, 'issueIdOrKey'));
    requireTimeTracking(ctx, 404);
    const worklog = requireWorklog(ctx, issue, param(req, 'id'));
    res.json(renderWorklog(worklog, ctx.store, renderContext(ctx, req, res, version)));
  });

  router.put(`${base}/:id`, (req, res) => {
    const worklog = updateWorklog(ctx, {
      user: userOf(res),
      issueIdOrKey: param(req, 'issueIdOrKey'),
      id: param(req, 'id'),
      version,
      body: req.body,
      query: estimateParams(req),
    });
    res.json(renderWorklog(worklog, ctx.store, renderContext(ctx, req, res, version)));
  });

  router.delete(`${base}/:id`, (req, res) => {
    deleteWorklog(ctx, {
      user: userOf(res),
      issueIdOrKey: param(req, 'issueIdOrKey'),
      id: param(req, 'id'),
      query: estimateParams(req),
    });
    res.status(204).end();
  });
}
