/**
 * `JiraWorklogs` for Jira Data Center / Server: REST v2 paths, plain-text (wiki markup) comments, users by
 * `name`, Bearer personal access tokens (docs/jira-api.md, "Flavours and clients", "Identities and authentication").
 *
 * jira.js 6.2 has no Data Center client (6.3 adds `createServerClient`). The v2 worklog resources are the
 * same as Cloud's apart from the comment, so this adapter sends its requests through the same jira.js
 * `Client` (`createJiraTransport`, Bearer auth) with `sendRequest` on `/rest/api/2/…` paths, and validates
 * the answers with jira.js's own zod models (`WorklogSchema`, `PageOfWorklogsSchema`, `ChangedWorklogsSchema`,
 * `IssueSchema`, `DashboardUserSchema` as jira.js uses for `myself`), with `comment` relaxed from ADF to a string. When jira.js 6.3 is adopted,
 * only this file changes.
 */
import { ChangedWorklogsSchema, DashboardUserSchema, IssueSchema, PageOfWorklogsSchema, WorklogSchema } from 'jira.js/cloud';
import type { Client } from 'jira.js/core';
import { toJiraStarted } from '../core/started-time.ts';
import { classifyJiraFailure, isWorklogNotFound } from './classify-jira-failure.ts';
import type { JiraCallContext } from './classify-jira-failure.ts';
import { toChangedPage, toJiraWorklog, userRef } from './to-jira-worklog.ts';
import { TRACT_PROPERTY_KEY } from './jira-worklogs.ts';
import type {
  ChangedWorklogPage, JiraIssueRef, JiraUserRef, JiraWorklog, JiraWorklogs, TractWorklogProperty, WorklogWrite, WriteOptions,
} from './jira-worklogs.ts';

/** v2 worklogs: Cloud's model with a plain-string comment (checked in `toJiraWorklog`). */
const V2WorklogSchema = WorklogSchema.omit({ comment: true });
const V2PageOfWorklogsSchema = PageOfWorklogsSchema.omit({ worklogs: true }).extend({ worklogs: V2WorklogSchema.array().optional() });


const PAGE_SIZE = 1000;
const API = '/rest/api/2';

export class JiraDataCenterWorklogs implements JiraWorklogs {
  readonly site: string;
  readonly #client: Client;

  constructor(site: string, transport: Client) {
    this.site = site.replace(/\/+$/, '');
    this.#client = transport;
  }

  async fetchIssue(issueIdOrKey: string): Promise<JiraIssueRef> {
    const issue = await this.#call({ op: 'read', issueKey: issueIdOrKey }, () =>
      this.#client.sendRequest({ url: `${API}/issue/${encodeURIComponent(issueIdOrKey)}`, method: 'GET', searchParams: { fields: 'project' }, schema: IssueSchema }));
    const project = (issue.fields as { project?: { key?: string } } | undefined)?.project;
    return { id: String(issue.id), key: String(issue.key), projectKey: project?.key ?? String(issue.key).split('-')[0] ?? '' };
  }

  async createWorklog(issueKey: string, write: WorklogWrite, property: TractWorklogProperty, options: WriteOptions): Promise<JiraWorklog> {
    const raw = await this.#call({ op: 'create', issueKey }, () =>
      this.#client.sendRequest({
        url: `${API}/issue/${encodeURIComponent(issueKey)}/worklog`,
        method: 'POST',
        searchParams: { ...query(options), expand: 'properties' },
        body: { ...body(write), properties: [{ key: TRACT_PROPERTY_KEY, value: property }] },
        schema: V2WorklogSchema,
      }));
    return toJiraWorklog(raw);
  }

  async updateWorklog(issueKey: string, worklogId: string, write: WorklogWrite, options: WriteOptions): Promise<JiraWorklog> {
    const raw = await this.#call({ op: 'update', issueKey }, () =>
      this.#client.sendRequest({
        url: `${API}/issue/${encodeURIComponent(issueKey)}/worklog/${encodeURIComponent(worklogId)}`,
        method: 'PUT',
        searchParams: { ...query(options), expand: 'properties' },
        body: body(write),
        schema: V2WorklogSchema,
      }));
    return toJiraWorklog(raw);
  }

  async deleteWorklog(issueKey: string, worklogId: string, options: WriteOptions): Promise<void> {
    try {
      await this.#call({ op: 'delete', issueKey }, () =>
        this.#client.sendRequest({ url: `${API}/issue/${encodeURIComponent(issueKey)}/worklog/${encodeURIComponent(worklogId)}`, method: 'DELETE', searchParams: query(options) }));
    } catch (err) {
      if (!isWorklogNotFound(err)) throw err;
    }
  }

  async fetchTractWorklogs(issueKey: string): Promise<Map<string, JiraWorklog>> {
    const found = new Map<string, JiraWorklog>();
    for (let startAt = 0; ; startAt += PAGE_SIZE) {
      const page = await this.#call({ op: 'read', issueKey }, () =>
        this.#client.sendRequest({
          url: `${API}/issue/${encodeURIComponent(issueKey)}/worklog`,
          method: 'GET',
          searchParams: { startAt, maxResults: PAGE_SIZE, expand: 'properties' },
          schema: V2PageOfWorklogsSchema,
        }));
      const worklogs = page.worklogs ?? [];
      for (const worklog of worklogs.map(toJiraWorklog)) if (worklog.tract) found.set(worklog.tract.id, worklog);
      if (worklogs.length === 0 || startAt + worklogs.length >= (page.total ?? 0)) return found;
    }
  }

  async fetchChangedSince(kind: 'updated' | 'deleted', sinceMs: number): Promise<ChangedWorklogPage> {
    const page = await this.#call({ op: 'read' }, () =>
      this.#client.sendRequest({
        url: `${API}/worklog/${kind}`,
        method: 'GET',
        searchParams: { since: sinceMs, ...(kind === 'updated' ? { expand: 'properties' } : {}) },
        schema: ChangedWorklogsSchema,
      }));
    return toChangedPage(page, sinceMs);
  }

  async fetchWorklogsByIds(worklogIds: readonly string[]): Promise<JiraWorklog[]> {
    const result: JiraWorklog[] = [];
    for (let i = 0; i < worklogIds.length; i += PAGE_SIZE) {
      const ids = worklogIds.slice(i, i + PAGE_SIZE).map(Number);
      const raws = await this.#call({ op: 'read' }, () =>
        this.#client.sendRequest({ url: `${API}/worklog/list`, method: 'POST', searchParams: { expand: 'properties' }, body: { ids }, schema: V2WorklogSchema.array() }));
      result.push(...raws.map(toJiraWorklog));
    }
    return result;
  }

  async fetchMyself(): Promise<JiraUserRef> {
    return userRef(await this.#call({ op: 'read' }, () => this.#client.sendRequest({ url: `${API}/myself`, method: 'GET', schema: DashboardUserSchema })));
  }

  async fetchUsersByEmail(email: string): Promise<JiraUserRef[]> {
    const url = `${API}/user/search?username=${encodeURIComponent(email)}&maxResults=10`;
    const users = await this.#call({ op: 'read' }, () => this.#client.sendRequest({ url, method: 'GET', schema: DashboardUserSchema.array() }));
    return users.map(userRef);
  }

  async #call<T>(context: Omit<JiraCallContext, 'site'>, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyJiraFailure(err, { ...context, site: this.site });
    }
  }
}

function query(options: WriteOptions): Record<string, unknown> {
  return { adjustEstimate: options.adjustEstimate, notifyUsers: options.notifyUsers };
}

function body(write: WorklogWrite): { started: string; timeSpentSeconds: number; comment?: string } {
  return {
    started: toJiraStarted(write.started),
    timeSpentSeconds: write.timeSpentSeconds,
    ...(write.comment ? { comment: write.comment } : {}),
  };
}

