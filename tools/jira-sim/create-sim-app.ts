import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { faultMiddleware } from './fault-middleware.ts';
import { JiraHttpError, errorBody } from './jira-error.ts';
import { type RequestRecord, preciseNowMs } from './request-log.ts';
import { type AnonymousAccess, authMiddleware, burstMiddleware, errorMiddleware } from './rest-middleware.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerFeedRoutes } from './routes/feed-routes.ts';
import { registerIssueRoutes } from './routes/issue-routes.ts';
import { registerPropertyRoutes } from './routes/property-routes.ts';
import { registerUserRoutes } from './routes/user-routes.ts';
import { registerWebhookRoutes } from './routes/webhook-routes.ts';
import { registerWorklogRoutes } from './routes/worklog-routes.ts';
import type { SimContext } from './sim-context.ts';
import type { JiraSimControl } from './sim-control.ts';
import type { ApiVersion, SimUser } from './sim-types.ts';

export interface AppOptions {
  bodyLimitBytes: number;
  feedPageSize: number;
  anonymousAccess: AnonymousAccess;
}

function requestLogger(ctx: SimContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const startMs = preciseNowMs();
    const { method, path } = req;
    res.on('close', () => {
      const user = res.locals.user as SimUser | undefined;
      const record: Omit<RequestRecord, 'seq'> = {
        method,
        path,
        query: req.query as Record<string, unknown>,
        user: user === undefined ? null : ctx.flavor === 'cloud' ? user.email : user.name,
        status: res.locals.lost === true || !res.headersSent ? 0 : res.statusCode,
        startMs,
        endMs: preciseNowMs(),
      };
      ctx.requestLog.add(record);
    });
    next();
  };
}

function apiRouter(ctx: SimContext, version: ApiVersion, options: AppOptions): express.Router {
  const router = express.Router();
  registerUserRoutes(router, ctx, version);
  registerIssueRoutes(router, ctx, version);
  registerWorklogRoutes(router, ctx, version);
  registerPropertyRoutes(router, ctx, version);
  registerFeedRoutes(router, ctx, version, { pageSize: options.feedPageSize });
  return router;
}

/**
 * The simulator's express app: admin API under `/_sim`, then for Jira's REST paths the request log, faults,
 * authentication, the burst limit, body parsing (Jira-shaped 400/413) and the routes. Cloud serves
 * `/rest/api/3` and `/rest/api/2`; Data Center only `/rest/api/2`.
 */
export function createSimApp(ctx: SimContext, control: JiraSimControl, options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const admin = express.Router();
  registerAdminRoutes(admin, control);
  app.use('/_sim', admin);

  app.use(requestLogger(ctx));
  app.use(faultMiddleware(ctx));
  app.use('/rest', authMiddleware(ctx, options.anonymousAccess), burstMiddleware(ctx));
  app.use(express.json({ limit: options.bodyLimitBytes, strict: false, type: ['application/json', 'application/*+json'] }));
  if (ctx.flavor === 'cloud') app.use('/rest/api/3', apiRouter(ctx, '3', options));
  app.use('/rest/api/2', apiRouter(ctx, '2', options));
  const webhooks = express.Router();
  registerWebhookRoutes(webhooks, ctx);
  app.use('/rest/webhooks/1.0/webhook', webhooks);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new JiraHttpError(404, errorBody([`null for uri: ${ctx.baseUrl}${req.originalUrl}`])));
  });
  app.use(errorMiddleware(ctx));
  return app;
}
