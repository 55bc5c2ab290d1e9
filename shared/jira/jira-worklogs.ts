/**
 * The port through which Tract reads and writes Jira worklogs. One instance speaks for one Jira
 * identity on one site (the service account, or one author's personal token).
 */

/** The `tract` worklog entity property: the exactly-once key of every worklog Tract creates (docs/controller.md). */
export interface TractWorklogProperty {
  /** The record's Tract id. */
  id: string;
  /** `<namespace>/<name>` of the TractRepo that wrote it. */
  repo: string;
  /** The tract author, kept when the service account posts on someone's behalf. */
  author?: string;
}

export const TRACT_PROPERTY_KEY = 'tract';

export interface JiraUserRef {
  accountId?: string;
  /** Data Center user name. */
  name?: string;
  displayName?: string;
  emailAddress?: string;
  timeZone?: string;
}

export interface JiraIssueRef {
  id: string;
  key: string;
  projectKey: string;
}

export interface JiraWorklog {
  id: string;
  issueId: string;
  author: JiraUserRef;
  started: Date;
  timeSpentSeconds: number;
  /** Plain text (ADF flattened). */
  comment: string;
  created: Date;
  updated: Date;
  /** The `tract` property when the worklog was created by Tract (needs `expand=properties`). */
  tract?: TractWorklogProperty;
}

export interface WorklogWrite {
  /** Tract's form with offset; sent to Jira as `yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm`. */
  started: string;
  timeSpentSeconds: number;
  /** Plain text; sent as ADF to v3. */
  comment?: string;
}

export type AdjustEstimate = 'auto' | 'leave';

export interface WriteOptions {
  /** How Jira adjusts the remaining estimate (default `auto`, Jira's own default). */
  adjustEstimate: AdjustEstimate;
  /** Whether watchers get an e-mail (default `false`: a sync is not news). */
  notifyUsers: boolean;
}

export interface ChangedWorklogRef {
  worklogId: string;
  updatedTime: number;
  tract?: TractWorklogProperty;
}

export interface ChangedWorklogPage {
  values: ChangedWorklogRef[];
  until: number;
  lastPage: boolean;
}

export interface JiraWorklogs {
  /** The site's base URL, normalised (no trailing slash). */
  readonly site: string;
  fetchIssue(issueIdOrKey: string): Promise<JiraIssueRef>;
  createWorklog(issueKey: string, write: WorklogWrite, property: TractWorklogProperty, options: WriteOptions): Promise<JiraWorklog>;
  updateWorklog(issueKey: string, worklogId: string, write: WorklogWrite, options: WriteOptions): Promise<JiraWorklog>;
  /** Resolves when the worklog is gone, including when it was already gone. */
  deleteWorklog(issueKey: string, worklogId: string, options: WriteOptions): Promise<void>;
  /** Every worklog on the issue that carries a `tract` property, by Tract id (for adopting unknown outcomes). */
  fetchTractWorklogs(issueKey: string): Promise<Map<string, JiraWorklog>>;
  fetchChangedSince(kind: 'updated' | 'deleted', sinceMs: number): Promise<ChangedWorklogPage>;
  fetchWorklogsByIds(worklogIds: readonly string[]): Promise<JiraWorklog[]>;
  fetchMyself(): Promise<JiraUserRef>;
  /**
   * Active users whose e-mail (or, on Cloud, a display-name word) starts with `email` — Jira's user search
   * (Cloud `query`, Data Center `username`). The caller picks the exact match.
   */
  fetchUsersByEmail(email: string): Promise<JiraUserRef[]>;
}

/** The calls of the port: every method of `JiraWorklogs`. */
export type JiraCalls = Omit<JiraWorklogs, 'site'>;
export type JiraCall = keyof JiraCalls;

export interface JiraCallKind {
  /**
   * Safe to send again when its outcome is unknown (no answer, a lost response). Only a create is not:
   * Jira has no idempotency key and a repeated POST makes a second worklog (docs/jira-api.md); an unknown
   * create is resolved by the caller, by the `tract` property (docs/to-jira.md "Exactly once").
   */
  idempotent: boolean;
  /** Writes to the issue its first argument names: counts against Jira's per-issue write limit. */
  issueWrite: boolean;
}

const READ: JiraCallKind = { idempotent: true, issueWrite: false };

/** What each call is, decided here once; `JiraSiteQueue.call` reads it, call sites never state it. */
export const JIRA_CALLS: { readonly [C in JiraCall]: Readonly<JiraCallKind> } = {
  fetchIssue: READ,
  createWorklog: { idempotent: false, issueWrite: true },
  updateWorklog: { idempotent: true, issueWrite: true },
  deleteWorklog: { idempotent: true, issueWrite: true },
  fetchTractWorklogs: READ,
  fetchChangedSince: READ,
  fetchWorklogsByIds: READ,
  fetchMyself: READ,
  fetchUsersByEmail: READ,
};
