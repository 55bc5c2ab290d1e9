/**
 * The resolution rule for the versions of one record (docs/records.md, "Resolution"): the version with
 * the later `updated` wins; a tombstone wins over every version not newer than it; equal times fall to a
 * deterministic tie-break (the encoded record), so every replica chooses the same version. The winner
 * keeps the newest Jira link any version carries (the controller's write-back and a teammate's edit of
 * the unlinked line can meet in one merge).
 *
 * The result depends only on the set of versions: the rule is a join (commutative, associative,
 * idempotent), which the CLI, the controller and the merge driver rely on to converge.
 */
import { encodeWorklogRecord } from './encode-worklog-record.ts';
import { parseIsoInstant } from './parse-iso-instant.ts';
import type { JiraLink, WorklogRecord } from './worklog-record.ts';

function instantMs(iso: string | undefined): number {
  return iso === undefined ? Number.NEGATIVE_INFINITY : (parseIsoInstant(iso) ?? Number.NEGATIVE_INFINITY);
}

/** When this version was written: `updated`, or `deleted` when that is later (a hand-made tombstone). */
export function versionMs(record: WorklogRecord): number {
  return Math.max(instantMs(record.updated), instantMs(record.deleted));
}

/** Like a - b, and 0 for two equal infinities (where a - b is NaN). */
function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a - b;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The version without its link: links are joined on their own, so they never decide the winner. */
function tieBreakText(record: WorklogRecord): string {
  const { jira: _jira, ...rest } = record;
  return encodeWorklogRecord(rest);
}

/** Total order of versions: > 0 when `a` wins over `b`. */
export function compareVersions(a: WorklogRecord, b: WorklogRecord): number {
  const byTime = compareNumbers(versionMs(a), versionMs(b));
  if (byTime !== 0) return byTime;
  const byTombstone = Number(a.deleted !== undefined) - Number(b.deleted !== undefined);
  if (byTombstone !== 0) return byTombstone;
  return compareText(tieBreakText(a), tieBreakText(b));
}

/** Total order of links: the later `syncedAt` wins, then the worklog and issue ids. */
function compareLinks(a: JiraLink, b: JiraLink): number {
  const byTime = compareNumbers(instantMs(a.syncedAt), instantMs(b.syncedAt));
  if (byTime !== 0) return byTime;
  return compareText(a.worklogId, b.worklogId) || compareText(a.issueId, b.issueId) || compareText(a.syncedAt, b.syncedAt);
}

function sameLink(a: JiraLink | undefined, b: JiraLink | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && compareLinks(a, b) === 0);
}

/** The index of the winning version; the first one wins among identical versions. */
export function winnerIndex(versions: readonly WorklogRecord[]): number {
  let best = 0;
  for (let i = 1; i < versions.length; i += 1) {
    if (compareVersions(versions[i] as WorklogRecord, versions[best] as WorklogRecord) > 0) best = i;
  }
  return best;
}

/** The resolved record of one id. `versions` must not be empty and must all carry that id. */
export function resolveRecordVersions(versions: readonly WorklogRecord[]): WorklogRecord {
  const winner = versions[winnerIndex(versions)];
  if (winner === undefined) throw new RangeError('resolveRecordVersions needs at least one version');
  let link: JiraLink | undefined;
  for (const version of versions) {
    if (version.jira !== undefined && (link === undefined || compareLinks(version.jira, link) > 0)) link = version.jira;
  }
  return sameLink(link, winner.jira) || link === undefined ? winner : { ...winner, jira: link };
}

/** An `updated` (or `deleted`) stamp for a new version of `current`: now, or just past `current` when its clock ran ahead. */
export function nextVersionStamp(now: Date, current: WorklogRecord | undefined): string {
  const floor = current === undefined ? Number.NEGATIVE_INFINITY : versionMs(current) + 1;
  return new Date(Math.max(now.getTime(), floor)).toISOString();
}
