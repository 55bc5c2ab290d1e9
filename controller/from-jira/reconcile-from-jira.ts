/**
 * Heals what webhooks missed (docs/controller.md; docs/jira-api.md, "Changed-worklog feeds"): pages `/worklog/updated` and `/worklog/deleted`
 * from the stored cursor minus a 60 s overlap until `lastPage`, dedupes by id (the latest `updatedTime`
 * wins), reads the updated worklogs through `/worklog/list`, keeps those on issues the repo claims, and
 * applies everything through the same planner as webhooks: echoes and changes git already has are no-ops,
 * so reading an overlap again is safe. Deleted ids that git has linked are removed. The cursor moves to the
 * feeds' `until` only together with the pushed changes.
 *
 * The feeds withhold the last minute, so a change shows up here a minute after it happened at the earliest.
 * A feed that returned nothing does not hold the cursor back: it proved there was nothing up to Jira's now.
 * The repos of a site share their feed reads (FeedReads): reading starts at the whole minute before
 * `cursor - overlap`, so repos whose cursors fall in the same minute ask for the same pages.
 */
import { createHash } from 'node:crypto';
import type { JiraChange } from '../../shared/core/plan-jira-changes.ts';
import type { ChangedWorklogRef, JiraWorklog } from '../../shared/jira/jira-worklogs.ts';
import { fetchWorklogs, worklogsAsChanges } from './apply-jira-events.ts';
import type { JiraSourceConfig, JiraSourceDeps } from './apply-jira-events.ts';
import type { FeedReads } from './feed-reads.ts';
import { syncJiraToRepo } from './sync-jira-to-repo.ts';
import type { FromJiraResult } from './sync-jira-to-repo.ts';

export const FEED_OVERLAP_MS = 60_000;
/** Reads start on this grid, so that the repos of a site share them. */
const FEED_GRID_MS = 60_000;
/** A guard against a feed that never says `lastPage` (1000 pages of 1000 worklogs). */
const MAX_PAGES = 1000;

export interface ReconcileFromJiraConfig extends JiraSourceConfig {
  /** Where a repo without a cursor starts reading (ms since the epoch); default 0, all of Jira's history. */
  initialCursorMs?: number;
}

export interface ReconcileFromJiraResult extends FromJiraResult {
  /** The cursor saved with the changes. */
  cursor: number;
  /** Distinct worklog ids the feeds returned. */
  read: { updated: number; deleted: number };
}

export interface ReconcileFromJiraDeps extends JiraSourceDeps {
  /** Shared by every repo's reconciliation (one per controller). */
  feeds: FeedReads;
  /**
   * True when this repo wrote to Jira within the feed-reads window: a shared answer may predate its own
   * write and would undo a git edit it just sent, so the worklogs are read afresh.
   */
  freshWorklogs?: boolean;
}

interface FeedRead {
  refs: Map<string, ChangedWorklogRef>;
  /** The youngest item's time; undefined when the feed returned nothing. */
  until?: number;
}

export async function reconcileFromJira(config: ReconcileFromJiraConfig, deps: ReconcileFromJiraDeps): Promise<ReconcileFromJiraResult> {
  const state = await deps.store.load();
  const cursor = state.jiraCursor ?? config.initialCursorMs ?? 0;
  const since = Math.max(0, Math.floor((cursor - FEED_OVERLAP_MS) / FEED_GRID_MS) * FEED_GRID_MS);
  const updated = await readFeed(deps, 'updated', since);
  const deleted = await readFeed(deps, 'deleted', since);
  const live = [...updated.refs.values()].filter((ref) => !deleted.refs.has(ref.worklogId)).sort((a, b) => a.updatedTime - b.updatedTime);
  const ids = live.map((ref) => ref.worklogId);
  // A copy: the answer is shared with the other repos of the site, and is sorted below.
  const load = (): Promise<JiraWorklog[]> => fetchWorklogs(deps, ids);
  const worklogs = [...(await (deps.freshWorklogs ? load() : deps.feeds.read(deps.jira, `worklogs ${digest(ids)}`, load)))];
  const order = new Map(live.map((ref, index) => [ref.worklogId, index]));
  worklogs.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const changes: JiraChange[] = [
    ...(await worklogsAsChanges(config, deps, worklogs)),
    ...[...deleted.refs.keys()].map((worklogId) => ({ kind: 'delete' as const, worklogId })),
  ];
  const next = nextCursor(cursor, [updated.until, deleted.until]);
  const result = await syncJiraToRepo(config, deps, changes, { jiraCursor: next });
  return { ...result, cursor: next, read: { updated: updated.refs.size, deleted: deleted.refs.size } };
}

async function readFeed(deps: ReconcileFromJiraDeps, kind: 'updated' | 'deleted', since: number): Promise<FeedRead> {
  const refs = new Map<string, ChangedWorklogRef>();
  let until: number | undefined;
  let from = since;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const pageFrom = from;
    const result = await deps.feeds.read(deps.jira, `${kind} ${pageFrom}`, () => deps.queue.call(deps.jira, 'fetchChangedSince', kind, pageFrom));
    for (const ref of result.values) {
      const seen = refs.get(ref.worklogId);
      if (seen === undefined || seen.updatedTime <= ref.updatedTime) refs.set(ref.worklogId, ref);
    }
    if (result.values.length > 0) until = Math.max(until ?? 0, result.until);
    if (result.lastPage || result.until <= from) break;
    from = result.until;
  }
  return { refs, ...(until === undefined ? {} : { until }) };
}

function nextCursor(cursor: number, untils: readonly (number | undefined)[]): number {
  const read = untils.filter((until): until is number => until !== undefined);
  return read.length === 0 ? cursor : Math.max(cursor, Math.min(...read));
}

function digest(ids: readonly string[]): string {
  return createHash('sha256').update(ids.join(',')).digest('base64url');
}
