/**
 * Applies webhook events to one repository: the worklogs are read from Jira as they are now (one
 * `/worklog/list` call per 1000, with their `tract` property), so a delivery that came late, twice or out
 * of order still leads to Jira's current state; then they are normalised and applied by `syncJiraToRepo`.
 * A worklog that no longer exists is skipped (its delete event, or reconciliation, removes it); one that
 * moved to an issue outside the repo's projects is removed from the repo.
 */
import type { JiraChange } from '../../shared/core/plan-jira-changes.ts';
import type { JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import type { JiraIssueRef, JiraWorklog, JiraWorklogs } from '../../shared/jira/jira-worklogs.ts';
import type { IssueRefCache } from './issue-ref-cache.ts';
import { normalizeJiraSite } from '../jira/jira-site-url.ts';
import { ReverseAuthorMap } from './reverse-author-map.ts';
import type { AuthorRef, JiraFlavor } from './reverse-author-map.ts';
import { syncJiraToRepo } from './sync-jira-to-repo.ts';
import type { FromJiraConfig, FromJiraDeps, FromJiraResult } from './sync-jira-to-repo.ts';
import { worklogAsChange } from './worklog-as-change.ts';

export interface JiraSourceConfig extends FromJiraConfig {
  /** `spec.jira.url`. */
  site: string;
  /** `spec.jira.projects`; empty claims every project of the site. */
  projects: readonly string[];
  flavor: JiraFlavor;
  /** `spec.authors`. */
  authors: readonly AuthorRef[];
  /** The repo's IANA zone, for `started` when the author's zone is unknown. */
  timeZone: string;
}

export interface JiraSourceDeps extends FromJiraDeps {
  /** The service account. */
  jira: JiraWorklogs;
  queue: JiraSiteQueue;
  issues: IssueRefCache;
}

/** What the webhook journal knows of an event. */
export interface JiraEventRef {
  kind: 'upsert' | 'delete';
  worklogId: string;
}

export async function applyJiraEvents(config: JiraSourceConfig, deps: JiraSourceDeps, events: readonly JiraEventRef[]): Promise<FromJiraResult> {
  const upsertIds = [...new Set(events.filter((e) => e.kind === 'upsert').map((e) => e.worklogId))];
  const current = new Map((await fetchWorklogs(deps, upsertIds)).map((w) => [w.id, w]));
  const normalised = new Map((await worklogsAsChanges(config, deps, [...current.values()])).map((c) => [c.worklogId, c]));
  const changes: JiraChange[] = [];
  for (const event of events) {
    if (event.kind === 'delete') {
      changes.push({ kind: 'delete', worklogId: event.worklogId });
      continue;
    }
    const change = normalised.get(event.worklogId);
    normalised.delete(event.worklogId);
    if (change !== undefined) changes.push(change);
  }
  return syncJiraToRepo(config, deps, changes);
}

/** Reads worklogs by id through the site's queue (Jira answers at most 1000 per call; the adapter pages). */
export async function fetchWorklogs(deps: JiraSourceDeps, ids: readonly string[]): Promise<JiraWorklog[]> {
  if (ids.length === 0) return [];
  return deps.queue.call(deps.jira, 'fetchWorklogsByIds', ids);
}

/** Normalises worklogs for this repo: a worklog on an issue the repo does not claim becomes a delete. */
export async function worklogsAsChanges(config: JiraSourceConfig, deps: JiraSourceDeps, worklogs: readonly JiraWorklog[]): Promise<JiraChange[]> {
  const authors = new ReverseAuthorMap(config.authors, config.flavor);
  const issueIds = [...new Set(worklogs.map((w) => w.issueId))];
  const issues = new Map(await Promise.all(issueIds.map(async (id) => [id, await fetchIssueRef(config, deps, id)] as const)));
  return worklogs.map((worklog) => {
    const issue = issues.get(worklog.issueId);
    if (issue === undefined || !claims(config.projects, issue.projectKey)) return { kind: 'delete', worklogId: worklog.id };
    return worklogAsChange(worklog, issue.key, authors, config.timeZone);
  });
}

export function fetchIssueRef(config: Pick<JiraSourceConfig, 'site'>, deps: Pick<JiraSourceDeps, 'jira' | 'queue' | 'issues'>, issueId: string): Promise<JiraIssueRef | undefined> {
  return deps.issues.fetch(normalizeJiraSite(config.site) ?? config.site, issueId, () => deps.queue.call(deps.jira, 'fetchIssue', issueId));
}

/** A repo without projects claims every project of its site. */
export function claims(projects: readonly string[], projectKey: string): boolean {
  return projects.length === 0 || projects.includes(projectKey);
}
