/**
 * A worklog record, JSONL v1 (docs/records.md). One record is one line of `worklogs/YYYY-MM.jsonl`.
 */

/** Written back by the controller once the record exists in Jira. */
export interface JiraLink {
  worklogId: string;
  issueId: string;
  syncedAt: string;
}

export type RecordSource = 'tract' | 'jira';

export interface WorklogRecord {
  /** UUIDv7, or `h-` + 16 hex for a hand-written line without `id` (see `idDerived`). */
  id: string;
  /** Jira key, `^[A-Z][A-Z0-9_]*-[1-9][0-9]*$`. */
  issue: string;
  /** Tract username, mapped to a Jira identity by the repo's identity map. */
  author: string;
  /** Human duration as written, e.g. `2h`, `1h 30m` (docs/time.md). */
  time: string;
  /** ISO 8601 with offset, as written (e.g. `2026-02-14T09:00:00.000+01:00`). */
  started: string;
  comment?: string;
  source?: RecordSource;
  jira?: JiraLink;
  /** ISO time of the last edit (a delete is an edit too). */
  updated?: string;
  /**
   * ISO time the record was deleted: the line is a tombstone. Its other fields stay for the audit trail;
   * every reader skips it, and only a tombstone deletes a linked worklog in Jira (docs/records.md).
   */
  deleted?: string;
  /** True when the line had no `id` and `id` was derived. Rewriting the line writes the derived id, pinning it. */
  idDerived?: boolean;
  /** Fields this version does not know, preserved in order when the line is rewritten. */
  extra?: Record<string, unknown>;
}

/** A tombstone: the record was deleted (docs/records.md, "Tombstones"). */
export function isTombstone(record: WorklogRecord): boolean {
  return record.deleted !== undefined;
}

export const ISSUE_KEY_PATTERN = /^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/;
