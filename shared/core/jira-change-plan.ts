/**
 * What `planJiraChanges` decided for a batch of Jira changes: the records to write, what was applied (the commit
 * message lists it, docs/git.md), what was skipped and why, and the sync state to save once pushed.
 */
import type { SyncedRecord } from './plan-sync.ts';
import type { WorklogRecord } from './worklog-record.ts';

/** `link`: an existing line got its Jira link (a duplicate is kept once, docs/from-jira.md "Duplicates"). */
export type AppliedOp = 'add' | 'update' | 'delete' | 'link';

export interface AppliedJiraChange {
  op: AppliedOp;
  worklogId: string;
  /** The record's Tract id. */
  id: string;
  issue: string;
  author: string;
  time: string;
  /** The time before an update. */
  fromTime?: string;
}

export type JiraSkipReason =
  | 'echo' | 'unchanged' | 'git-newer' | 'deleted-in-git' | 'not-found' | 'already-deleted'
  | 'duplicate-linked' | 'invalid' | 'missing-in-git';

export interface SkippedJiraChange {
  worklogId: string;
  reason: JiraSkipReason;
  /** One line; for problems, what to do about it. */
  message: string;
}

export interface JiraChangePlan {
  /** New versions of records (tombstones for deletes), to write with `planWorklogWrites`. */
  puts: WorklogRecord[];
  applied: AppliedJiraChange[];
  /** Changes that need nothing done. */
  skipped: SkippedJiraChange[];
  /** Changes that were not applied and need a person (`duplicate-linked`, `invalid`, `missing-in-git`). */
  problems: SkippedJiraChange[];
  /** Sync state to save once the commit is pushed. */
  state: { set: Map<string, SyncedRecord>; remove: string[] };
}
