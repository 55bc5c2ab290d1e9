import type { NextFunction, Request, Response } from 'express';
import { authenticate } from './authenticate.ts';
import { JIRA_MESSAGES, JiraHttpError, errorBody, issueNotFound } from './jira-error.ts';
import { rateLimitHeaders } from './rate-limiter.ts';
import type { SimContext } from './sim-context.ts';

/** How unauthenticated requests are answered: 401 everywhere, or 404 for issue resources (docs/jira-api.md, "Errors"). */
export type AnonymousAccess = 'unauthorized' | 'issue-not-found';

function unauthenticated(ctx: SimContext): JiraHttpError {
  if (ctx.flavor === 'datacenter') {
    return new JiraHttpError(401, errorBody([JIRA_MESSAGES.dcUnauthenticated]), {
      'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED',
    });
  }
  return new JiraHttpError(401, errorBody([JIRA_MESSAGES.cloudUnauthenticated]));
}

/** Authenticates every REST request; the user goes to `res.locals.user`. */
export function authMiddleware(ctx: SimContext, anonymous: AnonymousAccess) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = authenticate(req.headers.authorization, ctx.store, ctx.flavor);
    if (user === undefined) {
      next(anonymous === 'issue-not-found' && req.path.includes('/issue/') ? issueNotFound() : unauthenticated(ctx));
      return;
    }
    res.locals.user = user;
    next();
  };
}

/** `METHOD /path/template`: the "endpoint" the burst limit is counted per. */
export function endpointOf(method: string, path: string): string {
  const template = path
    .replace(/\/issue\/[^/]+/, '/issue/{issueIdOrKey}')
    .replace(/\/worklog\/\d+/, '/worklog/{id}')
    .replace(/\/properties\/[^/]+/, '/properties/{propertyKey}')
    .replace(/\/webhook\/\d+/, '/webhook/{id}');
  return `${method} ${template}`;
}

/** The burst limit per user × endpoint × method (`jira-burst-based`). */
export function burstMiddleware(ctx: SimContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const now = ctx.clock.nowMs();
    const user = res.locals.user as { accountId: string };
    const verdict = ctx.limiter.checkBurst(user.accountId, endpointOf(req.method, req.baseUrl + req.path), now);
    if (verdict?.limited === true) {
      next(new JiraHttpError(429, { ...errorBody([JIRA_MESSAGES.rateLimited]), status: 429 }, rateLimitHeaders(verdict, now)));
      return;
    }
    if (verdict !== undefined && verdict.remaining < verdict.limit * 0.2) res.set('X-RateLimit-NearLimit', 'true');
    next();
  };
}

/** Renders every failure as Jira does; anything unexpected becomes a Jira-shaped 500 and is logged. */
export function errorMiddleware(ctx: SimContext) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    if (err instanceof JiraHttpError) {
      res.set(err.headers).status(err.status).json(err.body);
      return;
    }
    const type = (err as { type?: unknown }).type;
    const status = (err as { status?: unknown }).status;
    if (type === 'entity.parse.failed') res.status(400).json(errorBody([JIRA_MESSAGES.invalidPayload]));
    else if (type === 'entity.too.large') res.status(413).json(errorBody([JIRA_MESSAGES.tooLarge]));
    else if (typeof status === 'number' && status >= 400 && status < 500) res.status(status).json(errorBody([JIRA_MESSAGES.invalidPayload]));
    else {
      ctx.logger.error('jira-sim: unexpected error while handling a request', {
        method: req.method,
        path: req.path,
        error: err instanceof Error ? err.stack : String(err),
      });
      res.status(500).json(errorBody([JIRA_MESSAGES.internal]));
    }
  };
}
