import type { NextFunction, Request, Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FaultAction, firingFaults } from './fault-rules.ts';
import { JIRA_MESSAGES, errorBody } from './jira-error.ts';
import { rateLimitHeaders } from './rate-limiter.ts';
import type { SimContext } from './sim-context.ts';

const STATUS_TEXT: Record<number, string> = { 500: 'Internal server error.', 502: 'Bad gateway.', 503: 'Service unavailable.', 504: 'Gateway timeout.' };

function respondWithFault(ctx: SimContext, action: FaultAction, req: Request, res: Response, next: NextFunction): void {
  if (action.type === 'error') {
    if (action.retryAfterSeconds !== undefined) res.set('Retry-After', String(action.retryAfterSeconds));
    res.status(action.status).json(errorBody([STATUS_TEXT[action.status] ?? JIRA_MESSAGES.internal]));
  } else if (action.type === 'rateLimit') {
    const now = ctx.clock.nowMs();
    const retryAfterMs = (action.retryAfterSeconds ?? 0) * 1000;
    const headers = rateLimitHeaders({ limited: true, limit: 0, remaining: 0, retryAfterMs, reason: action.reason ?? 'jira-burst-based' }, now);
    if (action.retryAfterSeconds === undefined) delete (headers as Partial<Record<string, string>>)['Retry-After'];
    res.set(headers).status(429).json({ ...errorBody([JIRA_MESSAGES.rateLimited]), status: 429 });
  } else {
    breakConnection(action, req, res, next);
  }
}

function breakConnection(action: FaultAction, req: Request, res: Response, next: NextFunction): void {
  res.locals.lost = true;
  if (action.type === 'hang') {
    // Never answers; with `ms`, drops the connection after that long (a gateway timeout without a response).
    if (action.ms !== undefined) setTimeout(() => req.socket.destroy(), action.ms).unref();
    return;
  }
  // "Write done, response lost": the route applies the write, then the connection drops before any byte
  // of the answer is sent.
  const lose = (): Response => {
    req.socket.destroy();
    return res;
  };
  res.writeHead = lose as unknown as Response['writeHead'];
  res.end = lose as unknown as Response['end'];
  next();
}

/** Applies the REST fault rules: latency first (summed), then the first terminal fault that fires. */
export function faultMiddleware(ctx: SimContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (ctx.faults.rules.length === 0) {
      next();
      return;
    }
    const actions = firingFaults(ctx.faults.rules, req.method, req.path, ctx.random);
    let delayMs = 0;
    for (const action of actions) {
      if (action.type === 'latency') delayMs += action.ms + Math.round((action.jitterMs ?? 0) * ctx.random());
    }
    if (delayMs > 0) await sleep(delayMs);
    const terminal = actions.find((action) => action.type !== 'latency');
    if (terminal === undefined) next();
    else respondWithFault(ctx, terminal, req, res, next);
  };
}
