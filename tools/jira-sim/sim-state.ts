import { renderProperties } from './render.ts';
import type { SimStore } from './sim-store.ts';
import type { SimSite } from './sim-types.ts';

/** The whole state as plain JSON (no secrets): what `GET /_sim/state` and `control.state()` return. */
export interface SimState {
  site: SimSite;
  users: { accountId: string; email: string; name: string; displayName: string; timeZone: string; admin: boolean; active: boolean }[];
  projects: { id: string; key: string; name: string; noWorkOnIssues: string[] }[];
  issues: {
    id: string;
    key: string;
    projectKey: string;
    summary: string;
    closed: boolean;
    originalEstimateSeconds: number | null;
    remainingEstimateSeconds: number | null;
    worklogIds: string[];
  }[];
  worklogs: {
    id: string;
    issueId: string;
    issueKey: string;
    author: string;
    updateAuthor: string;
    createdMs: number;
    updatedMs: number;
    startedMs: number;
    timeSpentSeconds: number;
    comment: string | null;
    properties: Record<string, unknown>;
  }[];
  deleted: { worklogId: number; deletedMs: number }[];
  webhooks: { id: number; name: string; url: string; events: string[]; jqlFilter: string; excludeBody: boolean; hasSecret: boolean; enabled: boolean }[];
}

export function simState(store: SimStore): SimState {
  const email = (accountId: string): string => store.users.get(accountId)?.email ?? accountId;
  return {
    site: { ...store.site },
    users: [...store.users.values()].map(({ accountId, email: e, name, displayName, timeZone, admin, active }) => ({
      accountId, email: e, name, displayName, timeZone, admin, active,
    })),
    projects: [...store.projects.values()].map((p) => ({ id: p.id, key: p.key, name: p.name, noWorkOnIssues: [...p.noWorkOnIssues] })),
    issues: [...store.issuesById.values()].map((i) => ({
      id: i.id, key: i.key, projectKey: i.projectKey, summary: i.summary, closed: i.closed,
      originalEstimateSeconds: i.originalEstimateSeconds, remainingEstimateSeconds: i.remainingEstimateSeconds,
      worklogIds: i.worklogIds.map(String),
    })),
    worklogs: [...store.worklogs.values()].map((w) => ({
      id: String(w.id), issueId: w.issueId, issueKey: store.issuesById.get(w.issueId)?.key ?? '',
      author: email(w.authorId), updateAuthor: email(w.updateAuthorId),
      createdMs: w.createdMs, updatedMs: w.updatedMs, startedMs: w.startedMs, timeSpentSeconds: w.timeSpentSeconds,
      comment: w.comment?.text ?? null,
      properties: Object.fromEntries(renderProperties(w).map((p) => [p.key, p.value])),
    })),
    deleted: store.deleted.map((d) => ({ ...d })),
    webhooks: [...store.webhooks.values()].map((w) => ({
      id: w.id, name: w.name, url: w.url, events: w.events, jqlFilter: w.jqlFilter, excludeBody: w.excludeBody,
      hasSecret: w.secret !== undefined, enabled: w.enabled,
    })),
  };
}
