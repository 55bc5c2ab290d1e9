/**
 * Versions of worklog records as the month-file writers and the merge driver meet them: edits with
 * `updated`, tombstones, Jira links, a hand-written line without id, a malformed line.
 */
import { encodeWorklogRecord } from '../../shared/core/encode-worklog-record.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';

export const ID_A = '019c5000-0000-7000-8000-00000000000a';
export const ID_B = '019c5000-0000-7000-8000-00000000000b';
export const ID_C = '019c5000-0000-7000-8000-00000000000c';

export const FEB = 'worklogs/2026-02.jsonl';
export const MAR = 'worklogs/2026-03.jsonl';

export const LINK = { worklogId: '10001', issueId: '10000', syncedAt: '2026-02-14T09:05:00.000Z' };

/** A record of `id` in February, overridable field by field. */
export function version(id: string, overrides: Partial<WorklogRecord> = {}): WorklogRecord {
  return { id, issue: 'APP-1', author: 'john', time: '1h', started: '2026-02-14T09:00:00.000+01:00', ...overrides };
}

/** The line Tract writes for `version(id, overrides)`. */
export function line(id: string, overrides: Partial<WorklogRecord> = {}): string {
  return encodeWorklogRecord(version(id, overrides));
}

/** Lines with "\n" after each. */
export function file(...lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

export const A1 = line(ID_A);
/** A newer edit of A (2h). */
export const A2 = line(ID_A, { time: '2h', updated: '2026-02-14T10:00:00.000Z' });
/** A deleted after A2. */
export const A_DELETED = line(ID_A, { time: '2h', updated: '2026-02-14T11:00:00.000Z', deleted: '2026-02-14T11:00:00.000Z' });
export const B = line(ID_B, { issue: 'APP-2' });
export const C = line(ID_C, { issue: 'APP-3' });
/** Written by hand: spaces, no id (it gets a derived `h-` id). */
export const HAND = '{ "issue": "APP-7", "author": "sarah", "time": "1h", "started": "2026-02-11T09:00:00+01:00" }';
export const BROKEN = '{"id":"019c5000-dead","issue":';
