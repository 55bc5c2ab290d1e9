/**
 * Jira's worklog representation (v3 with an ADF comment, or v2 and Data Center with a plain string) as
 * the port's `JiraWorklog`. Data Center users carry `name` instead of `accountId`; whichever is present
 * is kept.
 */
import { adfToText } from './adf.ts';
import { TRACT_PROPERTY_KEY } from './jira-worklogs.ts';
import type { ChangedWorklogPage, JiraUserRef, JiraWorklog, TractWorklogProperty } from './jira-worklogs.ts';

export interface RawJiraWorklog {
  id?: unknown;
  issueId?: unknown;
  author?: unknown;
  started?: unknown;
  timeSpentSeconds?: number;
  comment?: unknown;
  created?: unknown;
  updated?: unknown;
  properties?: readonly { key?: string; value?: unknown }[];
}

export function toJiraWorklog(raw: RawJiraWorklog): JiraWorklog {
  return {
    id: String(raw.id),
    issueId: String(raw.issueId),
    author: userRef(raw.author),
    started: toDate(raw.started),
    timeSpentSeconds: raw.timeSpentSeconds ?? 0,
    comment: adfToText(raw.comment),
    created: toDate(raw.created),
    updated: toDate(raw.updated),
    tract: tractProperty(raw.properties),
  };
}

/** The `tract` property from an `expand=properties` list, when it has the expected shape. */
export function tractProperty(properties: readonly { key?: string; value?: unknown }[] | undefined): TractWorklogProperty | undefined {
  const value = properties?.find((p) => p.key === TRACT_PROPERTY_KEY)?.value as Partial<TractWorklogProperty> | undefined;
  if (!value || typeof value.id !== 'string' || typeof value.repo !== 'string') return undefined;
  return { id: value.id, repo: value.repo, ...(typeof value.author === 'string' ? { author: value.author } : {}) };
}

export function userRef(raw: unknown): JiraUserRef {
  const user = (raw ?? {}) as Record<string, unknown>;
  const pick = (key: string): string | undefined => (typeof user[key] === 'string' ? (user[key] as string) : undefined);
  return { accountId: pick('accountId'), name: pick('name'), displayName: pick('displayName'), emailAddress: pick('emailAddress'), timeZone: pick('timeZone') };
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** A page of Jira's `/worklog/updated` or `/worklog/deleted` feed (same shape on Cloud and Data Center). */
export function toChangedPage(
  page: { values?: readonly { worklogId?: number; updatedTime?: number; properties?: readonly { key?: string; value?: unknown }[] }[]; until?: number; lastPage?: boolean },
  sinceMs: number,
): ChangedWorklogPage {
  const values = (page.values ?? []).map((value) => ({
    worklogId: String(value.worklogId),
    updatedTime: value.updatedTime ?? 0,
    tract: tractProperty(value.properties),
  }));
  return { values, until: page.until ?? sinceMs, lastPage: page.lastPage ?? true };
}
