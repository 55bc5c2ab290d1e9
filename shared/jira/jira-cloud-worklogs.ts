/**
 * `JiraWorklogs` for Jira Cloud, through jira.js 6 (v3 endpoints, ADF comments).
 * Quirk honoured: jira.js sends a string comment to v2 and drops `properties` and the query parameters,
 * so comments always go as ADF (docs/jira-sim.md, "v3 needs an ADF comment").
 */
import { createCloudClient } from 'jira.js';
import type { Client } from 'jira.js/core';
import { toJiraStarted } from '../core/started-time.ts';
import { textToAdf } from './adf.ts';
import { classifyJiraFailure, isWorklogNotFound } from './classify-jira-failure.ts';
import type { JiraCallContext } from './classify-jira-failure.ts';
import { TRACT_PROPERTY_KEY } from './jira-worklogs.ts';
import { toChangedPage, toJiraWorklog, userRef } from './to-jira-worklog.ts';
import type {
  ChangedWorklogPage, JiraIssueRef, JiraUserRef, JiraWorklog, JiraWorklogs, TractWorklogProperty, WorklogWrite, WriteOptions,
} from './jira-worklogs.ts';

type CloudClient = ReturnType<typeof createCloudClient>;

const PAGE_SIZE = 1000;

export class JiraCloudWorklogs implements JiraWorklogs {
  readonly site: string;
  readonly #jira: CloudClient;

  constructor(site: string, transport: Client) {
    this.site = site.replace(/\/+$/, '');
    this.#jira = createCloudClient(transport);
  }

  async fetchIssue(issueIdOrKey: string): Promise<JiraIssueRef> {
    const issue = await this.#call({ op: 'read', issueKey: issueIdOrKey }, () =>
      this.#jira.issues.getIssue({ issueIdOrKey, fields: ['project'] }));
    const project = (issue.fields as { project?: { key?: string } } | undefined)?.project;
    return { id: String(issue.id), key: String(issue.key), projectKey: project?.key ?? String(issue.key).split('-')[0] ?? '' };
  }

  async createWorklog(issueKey: string, write: WorklogWrite, property: TractWorklogProperty, options: WriteOptions): Promise<JiraWorklog> {
    const raw = await this.#call({ op: 'create', issueKey }, () =>
      this.#jira.issueWorklogs.addWorklog({
        issueIdOrKey: issueKey,
        ...body(write),
        properties: [{ key: TRACT_PROPERTY_KEY, value: property }],
        adjustEstimate: options.adjustEstimate,
        notifyUsers: options.notifyUsers,
        expand: 'properties',
      }));
    return toJiraWorklog(raw);
  }

  async updateWorklog(issueKey: string, worklogId: string, write: WorklogWrite, options: WriteOptions): Promise<JiraWorklog> {
    const raw = await this.#call({ op: 'update', issueKey }, () =>
      this.#jira.issueWorklogs.updateWorklog({
        issueIdOrKey: issueKey,
        id: worklogId,
        body: body(write),
        adjustEstimate: options.adjustEstimate,
        notifyUsers: options.notifyUsers,
        expand: 'properties',
      }));
    return toJiraWorklog(raw);
  }

  async deleteWorklog(issueKey: string, worklogId: string, options: WriteOptions): Promise<void> {
    try {
      await this.#call({ op: 'delete', issueKey }, () =>
        this.#jira.issueWorklogs.deleteWorklog({ issueIdOrKey: issueKey, id: worklogId, adjustEstimate: options.adjustEstimate, notifyUsers: options.notifyUsers }));
    } catch (err) {
      if (!isWorklogNotFound(err)) throw err;
    }
  }

  async fetchTractWorklogs(issueKey: string): Promise<Map<string, JiraWorklog>> {
    const found = new Map<string, JiraWorklog>();
    for (let startAt = 0; ; startAt += PAGE_SIZE) {
      const page = await this.#call({ op: 'read', issueKey }, () =>
        this.#jira.issueWorklogs.getIssueWorklog({ issueIdOrKey: issueKey, startAt, maxResults: PAGE_SIZE, expand: 'properties' }));
      const worklogs = page.worklogs ?? [];
      for (const raw of worklogs) {
        const worklog = toJiraWorklog(raw);
        if (worklog.tract) found.set(worklog.tract.id, worklog);
      }
      if (worklogs.length === 0 || startAt + worklogs.length >= (page.total ?? 0)) return found;
    }
  }

  async fetchChangedSince(kind: 'updated' | 'deleted', sinceMs: number): Promise<ChangedWorklogPage> {
    const page = await this.#call({ op: 'read' }, () =>
      kind === 'updated'
        ? this.#jira.issueWorklogs.getIdsOfWorklogsModifiedSince({ since: sinceMs, expand: 'properties' })
        : this.#jira.issueWorklogs.getIdsOfWorklogsDeletedSince({ since: sinceMs }));
    return toChangedPage(page, sinceMs);
  }

  async fetchWorklogsByIds(worklogIds: readonly string[]): Promise<JiraWorklog[]> {
    const result: JiraWorklog[] = [];
    for (let i = 0; i < worklogIds.length; i += PAGE_SIZE) {
      const ids = worklogIds.slice(i, i + PAGE_SIZE).map(Number);
      const raws = await this.#call({ op: 'read' }, () => this.#jira.issueWorklogs.getWorklogsForIds({ ids, expand: 'properties' }));
      result.push(...raws.map(toJiraWorklog));
    }
    return result;
  }

  async fetchMyself(): Promise<JiraUserRef> {
    const me = await this.#call({ op: 'read' }, () => this.#jira.myself.getCurrentUser());
    return userRef(me);
  }

  async fetchUsersByEmail(email: string): Promise<JiraUserRef[]> {
    const users = await this.#call({ op: 'read' }, () => this.#jira.userSearch.findUsers({ query: email, maxResults: 10 }));
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

function body(write: WorklogWrite): { started: string; timeSpentSeconds: number; comment?: ReturnType<typeof textToAdf> } {
  return {
    started: toJiraStarted(write.started),
    timeSpentSeconds: write.timeSpentSeconds,
    ...(write.comment ? { comment: textToAdf(write.comment) } : {}),
  };
}
