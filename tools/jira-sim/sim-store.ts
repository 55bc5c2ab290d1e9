import type {
  DeletedWorklog,
  SimIssue,
  SimProject,
  SimSite,
  SimUser,
  SimWorklog,
  WebhookRegistration,
} from './sim-types.ts';
import { DEFAULT_SITE } from './sim-types.ts';

/** Ids start here, as on a fresh Jira site (issues, worklogs, projects). */
export const FIRST_ID = 10000;

export type IssueFields = Partial<Omit<SimIssue, 'id' | 'projectKey' | 'worklogIds'>>;

/**
 * All state of one simulator instance, with the indexes the hot path needs (by id, by key, by email).
 * One store per simulator: nothing is module-level, so tests can run many simulators at once.
 */
export class SimStore {
  site: SimSite = { ...DEFAULT_SITE };
  readonly users = new Map<string, SimUser>();
  readonly projects = new Map<string, SimProject>();
  readonly issuesById = new Map<string, SimIssue>();
  readonly worklogs = new Map<number, SimWorklog>();
  readonly deleted: DeletedWorklog[] = [];
  readonly webhooks = new Map<number, WebhookRegistration>();
  private readonly usersByEmail = new Map<string, SimUser>();
  private readonly usersByName = new Map<string, SimUser>();
  private readonly issuesByKey = new Map<string, SimIssue>();
  private readonly lastIssueNumber = new Map<string, number>();
  private nextIssueId = FIRST_ID;
  private nextWorklogId = FIRST_ID;
  private nextProjectId = FIRST_ID;
  private nextWebhookId = 1;

  reset(): void {
    this.site = { ...DEFAULT_SITE };
    for (const map of [this.users, this.projects, this.issuesById, this.worklogs, this.webhooks]) map.clear();
    this.usersByEmail.clear();
    this.usersByName.clear();
    this.issuesByKey.clear();
    this.lastIssueNumber.clear();
    this.deleted.length = 0;
    this.nextIssueId = FIRST_ID;
    this.nextWorklogId = FIRST_ID;
    this.nextProjectId = FIRST_ID;
    this.nextWebhookId = 1;
  }

  putUser(user: SimUser): void {
    this.users.set(user.accountId, user);
    this.usersByEmail.set(user.email.toLowerCase(), user);
    this.usersByName.set(user.name.toLowerCase(), user);
  }

  userByEmail(email: string): SimUser | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }

  userByName(name: string): SimUser | undefined {
    return this.usersByName.get(name.toLowerCase());
  }

  /** Finds a user by accountId, email or name: the forms seeds and the admin API accept. */
  userByAnyId(ref: string): SimUser | undefined {
    return this.users.get(ref) ?? this.userByEmail(ref) ?? this.userByName(ref);
  }

  addProject(key: string, name: string): SimProject {
    const existing = this.projects.get(key);
    if (existing !== undefined) return existing;
    const project: SimProject = { id: String(this.nextProjectId++), key, name, noWorkOnIssues: new Set() };
    this.projects.set(key, project);
    return project;
  }

  /** Adds an issue with the next number of its project (`APP-1`, `APP-2`, …) unless a key is given. */
  addIssue(projectKey: string, fields: IssueFields = {}): SimIssue {
    const project = this.projects.get(projectKey) ?? this.addProject(projectKey, projectKey);
    const key = this.issueKey(project.key, fields.key);
    const original = fields.originalEstimateSeconds ?? null;
    const issue: SimIssue = {
      id: String(this.nextIssueId++),
      key,
      projectKey: project.key,
      summary: fields.summary ?? `Issue ${key}`,
      closed: fields.closed ?? false,
      originalEstimateSeconds: original,
      remainingEstimateSeconds: fields.remainingEstimateSeconds ?? original,
      worklogIds: [],
    };
    this.issuesById.set(issue.id, issue);
    this.issuesByKey.set(issue.key, issue);
    return issue;
  }

  private issueKey(projectKey: string, given: string | undefined): string {
    const last = this.lastIssueNumber.get(projectKey) ?? 0;
    const givenNumber = given === undefined ? undefined : Number(/-(\d+)$/.exec(given)?.[1] ?? 0);
    this.lastIssueNumber.set(projectKey, Math.max(last, givenNumber ?? last + 1));
    return given === undefined ? `${projectKey}-${last + 1}` : given.toUpperCase();
  }

  /** Jira accepts the numeric id or the key wherever `{issueIdOrKey}` appears; keys match case-insensitively. */
  findIssue(idOrKey: string): SimIssue | undefined {
    return this.issuesById.get(idOrKey) ?? this.issuesByKey.get(idOrKey.toUpperCase());
  }

  newWorklogId(): number {
    return this.nextWorklogId++;
  }

  insertWorklog(worklog: SimWorklog): void {
    this.worklogs.set(worklog.id, worklog);
    this.issuesById.get(worklog.issueId)?.worklogIds.push(worklog.id);
  }

  removeWorklog(worklog: SimWorklog, deletedMs: number): void {
    this.worklogs.delete(worklog.id);
    const issue = this.issuesById.get(worklog.issueId);
    if (issue !== undefined) issue.worklogIds = issue.worklogIds.filter((id) => id !== worklog.id);
    this.deleted.push({ worklogId: worklog.id, deletedMs });
  }

  /** The worklog if it exists and belongs to the issue (Jira answers 404 for a worklog of another issue). */
  findWorklog(issue: SimIssue, id: string): SimWorklog | undefined {
    if (!/^\d+$/.test(id)) return undefined;
    const worklog = this.worklogs.get(Number(id));
    return worklog?.issueId === issue.id ? worklog : undefined;
  }

  timeSpentOn(issue: SimIssue): number {
    let seconds = 0;
    for (const id of issue.worklogIds) seconds += this.worklogs.get(id)?.timeSpentSeconds ?? 0;
    return seconds;
  }

  addWebhook(fields: Omit<WebhookRegistration, 'id'>): WebhookRegistration {
    const webhook: WebhookRegistration = { id: this.nextWebhookId++, ...fields };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

}
