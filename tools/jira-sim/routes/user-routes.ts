import type { Request, Router } from 'express';
import { badRequest, notFound } from '../jira-error.ts';
import { renderUser } from '../render.ts';
import type { SimContext } from '../sim-context.ts';
import type { ApiVersion, SimUser } from '../sim-types.ts';
import { queryInt, queryList, queryString, renderContext, userOf } from './route-helpers.ts';

/** Cloud user search prefix-matches words of the display name and the e-mail (docs/jira-api.md, "Identities and authentication"). */
function matches(user: SimUser, query: string, byName: boolean): boolean {
  const q = query.toLowerCase();
  const words = [...user.displayName.toLowerCase().split(/\s+/), user.displayName.toLowerCase(), user.email.toLowerCase()];
  if (byName) words.push(user.name.toLowerCase());
  return words.some((word) => word.startsWith(q));
}

function searchTerm(ctx: SimContext, req: Request): string {
  const term = ctx.flavor === 'datacenter' ? (queryString(req, 'username') ?? queryString(req, 'query')) : queryString(req, 'query');
  const accountId = queryString(req, 'accountId');
  if (accountId !== undefined) return accountId;
  if (term === undefined || term === '') {
    throw badRequest([ctx.flavor === 'datacenter' ? "The username query parameter was not provided" : "One of 'query' or 'accountId' must be provided."]);
  }
  return term;
}

function lookUp(ctx: SimContext, req: Request): SimUser | undefined {
  const accountId = queryString(req, 'accountId');
  const username = queryString(req, 'username') ?? queryString(req, 'key');
  if (ctx.flavor === 'cloud' && accountId !== undefined) return ctx.store.users.get(accountId);
  if (ctx.flavor === 'datacenter' && username !== undefined) return ctx.store.userByName(username);
  throw badRequest([ctx.flavor === 'cloud' ? 'The accountId query parameter needs to be provided.' : 'Either the username or the key query parameters need to be provided.']);
}

/** `myself`, `user`, `user/search` and `user/bulk`. */
export function registerUserRoutes(router: Router, ctx: SimContext, version: ApiVersion): void {
  router.get('/myself', (req, res) => {
    res.json(renderUser(userOf(res), renderContext(ctx, req, res, version)));
  });

  router.get('/user', (req, res) => {
    const user = lookUp(ctx, req);
    if (user === undefined) throw notFound('The user with the given identifier does not exist.');
    res.json(renderUser(user, renderContext(ctx, req, res, version)));
  });

  router.get('/user/search', (req, res) => {
    const term = searchTerm(ctx, req);
    const startAt = Math.max(0, queryInt(req, 'startAt', 0));
    const maxResults = Math.max(0, queryInt(req, 'maxResults', 50));
    const rc = renderContext(ctx, req, res, version);
    const byName = ctx.flavor === 'datacenter';
    const found = [...ctx.store.users.values()].filter((u) => u.active && (u.accountId === term || matches(u, term, byName)));
    res.json(found.slice(startAt, startAt + maxResults).map((u) => renderUser(u, rc)));
  });

  router.get('/user/bulk', (req, res) => {
    const ids = queryList(req, 'accountId');
    if (ids.length === 0) throw badRequest(['The accountId query parameter needs to be provided.']);
    const startAt = Math.max(0, queryInt(req, 'startAt', 0));
    const maxResults = Math.max(1, queryInt(req, 'maxResults', 10));
    const rc = renderContext(ctx, req, res, version);
    const users = ids.flatMap((id) => {
      const user = ctx.store.users.get(id);
      return user === undefined ? [] : [user];
    });
    const values = users.slice(startAt, startAt + maxResults).map((u) => renderUser(u, rc));
    const self = `${ctx.baseUrl}${req.originalUrl}`;
    res.json({ self, maxResults, startAt, total: users.length, isLast: startAt + maxResults >= users.length, values });
  });
}
