import type { Router } from 'express';
import { formatJiraDuration } from '../jira-duration.ts';
import type { SimContext } from '../sim-context.ts';
import type { ApiVersion, SimIssue } from '../sim-types.ts';
import { requireIssue } from '../worklog-service.ts';
import { param, queryList } from './route-helpers.ts';

function timetracking(ctx: SimContext, issue: SimIssue): Record<string, unknown> {
  const site = ctx.store.site;
  const out: Record<string, unknown> = {};
  if (issue.originalEstimateSeconds !== null) {
    out.originalEstimate = formatJiraDuration(issue.originalEstimateSeconds, site);
    out.originalEstimateSeconds = issue.originalEstimateSeconds;
  }
  if (issue.remainingEstimateSeconds !== null) {
    out.remainingEstimate = formatJiraDuration(issue.remainingEstimateSeconds, site);
    out.remainingEstimateSeconds = issue.remainingEstimateSeconds;
  }
  const spent = ctx.store.timeSpentOn(issue);
  if (spent > 0) {
    out.timeSpent = formatJiraDuration(spent, site);
    out.timeSpentSeconds = spent;
  }
  return out;
}

function allFields(ctx: SimContext, issue: SimIssue, version: ApiVersion): Record<string, unknown> {
  const project = ctx.store.projects.get(issue.projectKey);
  return {
    summary: issue.summary,
    project: {
      self: `${ctx.baseUrl}/rest/api/${version}/project/${project?.id ?? ''}`,
      id: project?.id,
      key: issue.projectKey,
      name: project?.name,
      projectTypeKey: 'software',
      simplified: false,
    },
    status: { name: issue.closed ? 'Done' : 'To Do' },
    timetracking: timetracking(ctx, issue),
  };
}

/** `GET issue/{issueIdOrKey}`: id, key, project, summary, status and `timetracking` (filtered by `fields`). */
export function registerIssueRoutes(router: Router, ctx: SimContext, version: ApiVersion): void {
  router.get('/issue/:issueIdOrKey', (req, res) => {
    const issue = requireIssue(ctx, param(req, 'issueIdOrKey'));
    const wanted = queryList(req, 'fields');
    const fields = allFields(ctx, issue, version);
    const all = wanted.length === 0 || wanted.includes('*all') || wanted.includes('*navigable');
    const selected = all ? fields : Object.fromEntries(Object.entries(fields).filter(([name]) => wanted.includes(name)));
    res.json({
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${ctx.baseUrl}/rest/api/${version}/issue/${issue.id}`,
      key: issue.key,
      fields: selected,
    });
  });

  router.get('/configuration/timetracking/options', (_req, res) => {
    const site = ctx.store.site;
    res.json({
      workingHoursPerDay: site.hoursPerDay,
      workingDaysPerWeek: site.daysPerWeek,
      timeFormat: site.timeFormat,
      defaultUnit: site.defaultUnit,
    });
  });
}
