/**
 * The simulator's data model. The store keeps instants (epoch ms) and plain data; rendering into Jira's
 * JSON shapes happens in `render.ts`, per request, in the caller's time zone.
 */

export type SimFlavor = 'cloud' | 'datacenter';

export type ApiVersion = '2' | '3';

export interface SimUser {
  /** Cloud identity: derived from the email unless seeded. */
  accountId: string;
  email: string;
  /** Data Center identity (`name` and `key`). */
  name: string;
  key: string;
  displayName: string;
  /** IANA zone used to render times for this user. */
  timeZone: string;
  locale: string;
  active: boolean;
  /** May manage webhooks through `/rest/webhooks/1.0/webhook`. */
  admin: boolean;
  /** Cloud Basic auth password (`email:apiToken`). */
  apiToken: string | undefined;
  /** Data Center Bearer token. */
  personalAccessToken: string | undefined;
}

export interface SimProject {
  id: string;
  key: string;
  name: string;
  /** accountIds of users without the "Work on issues" permission. */
  noWorkOnIssues: Set<string>;
}

export interface SimIssue {
  id: string;
  key: string;
  projectKey: string;
  summary: string;
  /** In a non-editable workflow state: worklog writes are rejected. */
  closed: boolean;
  originalEstimateSeconds: number | null;
  remainingEstimateSeconds: number | null;
  /** Worklog ids in creation order. */
  worklogIds: number[];
}

/** A comment as given: the ADF document (v3) and/or its plain text (v2, webhooks). */
export interface SimComment {
  text: string;
  adf: unknown;
}

export interface SimWorklog {
  id: number;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  createdMs: number;
  updatedMs: number;
  startedMs: number;
  timeSpentSeconds: number;
  comment: SimComment | undefined;
  visibility: unknown;
  properties: Map<string, unknown>;
}

export interface DeletedWorklog {
  worklogId: number;
  deletedMs: number;
}

export interface SimSite {
  timeTrackingEnabled: boolean;
  hoursPerDay: number;
  daysPerWeek: number;
  defaultUnit: 'minute' | 'hour' | 'day' | 'week';
  timeFormat: 'pretty' | 'days' | 'hours';
  /** Jira Cloud's per-issue worklog cap (413 beyond it). */
  maxWorklogsPerIssue: number;
}

export type WebhookEventName = 'worklog_created' | 'worklog_updated' | 'worklog_deleted';

export interface WebhookRegistration {
  id: number;
  name: string;
  url: string;
  events: string[];
  /** `issue-related-events-section` JQL; only `project = X` / `project in (X, Y)` is understood. */
  jqlFilter: string;
  excludeBody: boolean;
  secret: string | undefined;
  enabled: boolean;
  createdMs: number;
}

export const DEFAULT_SITE: SimSite = {
  timeTrackingEnabled: true,
  hoursPerDay: 8,
  daysPerWeek: 5,
  defaultUnit: 'minute',
  timeFormat: 'pretty',
  maxWorklogsPerIssue: 5000,
};
