import type { Request, Response, Router } from 'express';
import { JIRA_MESSAGES, badRequest } from '../jira-error.ts';
import { renderProperties, renderWorklog, wantsProperties } from '../render.ts';
import type { SimContext } from '../sim-context.ts';
import type { ApiVersion } from '../sim-types.ts';
import { queryInt, queryString, renderContext } from './route-helpers.ts';

interface ChangedItem {
  worklogId: number;
  updatedTime: number;
  properties: { key: string; value: unknown }[];
}

/** Options of the feeds: Jira pages 1,000 items (docs/jira-api.md, "Changed-worklog feeds"); tests may lower it. */
export interface FeedOptions {
  pageSize: number;
}

/**
 * One page of a changed-worklogs feed. `since` is exclusive ("after", as the document says); items younger
 * than `feedDelayMs` are withheld, as Jira withholds the last minute. A page never splits items of the same
 * millisecond (it grows past `pageSize` instead), so paging with `since = until` loses and repeats nothing.
 */
function changedPage(ctx: SimContext, req: Request, res: Response, feed: string, items: ChangedItem[], pageSize: number): void {
  const since = queryInt(req, 'since', 0);
  const cutoff = ctx.clock.nowMs() - ctx.feedDelayMs;
  const matching = items
    .filter((item) => item.updatedTime > since && item.updatedTime <= cutoff)
    .sort((a, b) => a.updatedTime - b.updatedTime || a.worklogId - b.worklogId);
  let end = Math.min(pageSize, matching.length);
  while (end < matching.length && matching[end]?.updatedTime === matching[end - 1]?.updatedTime) end++;
  const values = matching.slice(0, end);
  const lastPage = end >= matching.length;
  const until = values.at(-1)?.updatedTime ?? since;
  const expand = queryString(req, 'expand');
  const url = (from: number): string =>
    `${ctx.baseUrl}${req.baseUrl}/worklog/${feed}?since=${from}${expand === undefined ? '' : `&expand=${encodeURIComponent(expand)}`}`;
  const page: Record<string, unknown> = { values, since, until, self: url(since), lastPage };
  if (!lastPage) page.nextPage = url(until);
  res.json(page);
}

function parseIds(body: unknown): number[] {
  const ids = (body as { ids?: unknown } | null)?.ids;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest([JIRA_MESSAGES.invalidPayload]);
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id))) {
    throw badRequest([], { ids: "The value of 'ids' must be an array of integers." });
  }
  if (ids.length === 0 || ids.length > 1000) {
    throw badRequest(['The number of worklog IDs must be between 1 and 1000.']);
  }
  return ids as number[];
}

/** `worklog/updated`, `worklog/deleted` and `POST worklog/list` (docs/jira-api.md, "Changed-worklog feeds"). */
export function registerFeedRoutes(router: Router, ctx: SimContext, version: ApiVersion, options: FeedOptions): void {
  router.get('/worklog/updated', (req, res) => {
    const withProperties = wantsProperties(queryString(req, 'expand'));
    const items: ChangedItem[] = [];
    for (const worklog of ctx.store.worklogs.values()) {
      items.push({
        worklogId: worklog.id,
        updatedTime: worklog.updatedMs,
        properties: withProperties ? renderProperties(worklog) : [],
      });
    }
    changedPage(ctx, req, res, 'updated', items, options.pageSize);
  });

  router.get('/worklog/deleted', (req, res) => {
    const items = ctx.store.deleted.map((d) => ({ worklogId: d.worklogId, updatedTime: d.deletedMs, properties: [] }));
    changedPage(ctx, req, res, 'deleted', items, options.pageSize);
  });

  router.post('/worklog/list', (req, res) => {
    const ids = parseIds(req.body);
    const rc = renderContext(ctx, req, res, version);
    const found = [];
    for (const id of new Set(ids)) {
      const worklog = ctx.store.worklogs.get(id);
      if (worklog !== undefined) found.push(renderWorklog(worklog, ctx.store, rc));
    }
    res.json(found);
  });
}
