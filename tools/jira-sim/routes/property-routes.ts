import type { Request, Response, Router } from 'express';
import { JIRA_MESSAGES, badRequest, forbidden, notFound } from '../jira-error.ts';
import type { SimContext } from '../sim-context.ts';
import type { ApiVersion, SimWorklog } from '../sim-types.ts';
import { requireIssue, requireTimeTracking, requireWorklog, takeIssueWrite } from '../worklog-service.ts';
import { param, userOf } from './route-helpers.ts';

const MAX_VALUE_CHARS = 32768;
const MAX_KEY_CHARS = 255;

function target(ctx: SimContext, req: Request, res: Response, write: boolean): SimWorklog {
  const issue = requireIssue(ctx, param(req, 'issueIdOrKey'));
  requireTimeTracking(ctx, 404);
  const worklog = requireWorklog(ctx, issue, param(req, 'worklogId'));
  if (write) {
    const project = ctx.store.projects.get(issue.projectKey);
    if (project?.noWorkOnIssues.has(userOf(res).accountId) === true) {
      throw forbidden('You do not have permission to edit the worklog.');
    }
    takeIssueWrite(ctx, issue);
  }
  return worklog;
}

function propertyMissing(key: string): Error {
  return notFound(`${JIRA_MESSAGES.propertyNotFound}'${key}' does not exist.`);
}

/** Worklog entity properties (docs/jira-api.md, "Worklog properties"): keys, get, set (201 created / 200 updated), delete. */
export function registerPropertyRoutes(router: Router, ctx: SimContext, version: ApiVersion): void {
  const base = '/issue/:issueIdOrKey/worklog/:worklogId/properties';

  router.get(base, (req, res) => {
    const worklog = target(ctx, req, res, false);
    const self = (key: string): string =>
      `${ctx.baseUrl}/rest/api/${version}/issue/${worklog.issueId}/worklog/${worklog.id}/properties/${encodeURIComponent(key)}`;
    res.json({ keys: [...worklog.properties.keys()].map((key) => ({ key, self: self(key) })) });
  });

  router.get(`${base}/:propertyKey`, (req, res) => {
    const worklog = target(ctx, req, res, false);
    const key = param(req, 'propertyKey');
    if (!worklog.properties.has(key)) throw propertyMissing(key);
    res.json({ key, value: worklog.properties.get(key) });
  });

  router.put(`${base}/:propertyKey`, (req, res) => {
    const key = param(req, 'propertyKey');
    const worklog = target(ctx, req, res, true);
    if (key.length > MAX_KEY_CHARS) throw badRequest([`The property key cannot be longer than ${MAX_KEY_CHARS} characters.`]);
    const body: unknown = req.body;
    if (body === undefined) throw badRequest(['The property value must be a valid, non-empty JSON.']);
    if (JSON.stringify(body).length > MAX_VALUE_CHARS) {
      throw badRequest([`The property value cannot be longer than ${MAX_VALUE_CHARS} characters.`]);
    }
    const existed = worklog.properties.has(key);
    worklog.properties.set(key, body);
    res.status(existed ? 200 : 201).end();
  });

  router.delete(`${base}/:propertyKey`, (req, res) => {
    const worklog = target(ctx, req, res, true);
    const key = param(req, 'propertyKey');
    if (!worklog.properties.delete(key)) throw propertyMissing(key);
    res.status(204).end();
  });
}
