/**
 * A change Jira made to a worklog, in Tract's terms: the input of `planJiraChanges` (docs/from-jira.md). The
 * controller builds these from webhooks and the changed-worklog feeds (controller/from-jira/).
 */

/** The `tract` worklog property as far as planning needs it (docs/controller.md). */
export interface TractPropertyRef {
  id: string;
  repo: string;
}

/** A worklog as Jira has it now, normalised into Tract's terms. */
export interface JiraUpsert {
  kind: 'upsert';
  worklogId: string;
  issueId: string;
  issueKey: string;
  /** Tract author, already reverse-mapped from the Jira identity (or the stable fallback). */
  author: string;
  /** Tract form with offset, e.g. `2026-02-14T09:00:00.000+01:00`. */
  started: string;
  seconds: number;
  /** Plain text without Tract's `[author] ` prefix; `''` for none. */
  comment: string;
  tract?: TractPropertyRef;
  /** Jira's `updated` (epoch ms): a newer unsynced edit in git wins over an older Jira edit. */
  updatedMs?: number;
}

export interface JiraDelete {
  kind: 'delete';
  worklogId: string;
}

export type JiraChange = JiraUpsert | JiraDelete;
