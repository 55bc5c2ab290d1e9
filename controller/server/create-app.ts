/**
 * The controller's HTTP surface (docs/controller-api.md), one express app on one port:
 * `/health` (exactly as docs/controller-api.md shows), `/healthz`, `/readyz`, `/metrics`, the webhooks, `/api/v1` and
 * the status page at `/` with its live updates at `/events`. Requests are logged except probes and scrapes; every error answers with the
 * API's JSON envelope.
 */
import express from 'express';
import type { ErrorRequestHandler, Express, RequestHandler, Router } from 'express';
import type { Logger } from '../logging/create-logger.ts';
import type { RecordedEvent } from '../api/ports.ts';
import type { ControllerMetrics, RepoStateSample } from '../telemetry/metrics.ts';
import { sendError } from './api-errors.ts';
import { apiRouter } from './api-router.ts';
import type { RepoSummary } from './api-types.ts';
import type { ApiDeps } from './api-router.ts';
import { gitWebhookRouter } from './git-webhook-router.ts';
import type { GitWebhookDeps } from './git-webhook-router.ts';
import { DEFAULT_PUBLIC_RATE_LIMITS, publicRateLimit } from './public-rate-limit.ts';
import type { PublicRateLimits } from './public-rate-limit.ts';
import { statusPageRouter } from './status-page-router.ts';

export interface AppDeps {
  version: string;
  logger: Logger;
  metrics: ControllerMetrics;
  /** Ready to take traffic: repos loaded (and, in operator mode, informer synced). */
  isReady(): boolean;
  /** This replica reconciles (a standby does not): only then does `/metrics` carry per-repo state. */
  reconciling(): boolean;
  api: ApiDeps;
  gitWebhook: Omit<GitWebhookDeps, 'countWebhook'>;
  /** The Jira webhook route (controller/jira-intake/jira-webhook-route.ts; it carries its own paths). */
  jiraWebhook?: Router;
  events(): RecordedEvent[];
  /** Per-address limits on the public endpoints (defaults: 600 per minute each). */
  rateLimits?: PublicRateLimits;
}

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/health']);

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLog(deps.logger));
  app.get('/health', (_req, res) => void res.json({ status: 'ok', version: deps.version }));
  app.get('/healthz', (_req, res) => void res.type('text/plain').send('ok'));
  app.get('/readyz', (_req, res) => void (deps.isReady() ? res.type('text/plain').send('ok') : res.status(503).type('text/plain').send('not ready')));
  deps.metrics.trackRepoStates(() => (deps.reconciling() ? deps.api.readModel.summaries().map(repoState) : []));
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await deps.metrics.render();
    res.type(contentType).send(body);
  });
  const limits = deps.rateLimits ?? DEFAULT_PUBLIC_RATE_LIMITS;
  app.use('/webhook', publicRateLimit(limits.webhookPerMinute, () => deps.metrics.countWebhook('generic', 'rate_limited')));
  app.use('/api/v1', publicRateLimit(limits.apiPerMinute));
  if (deps.jiraWebhook) app.use(deps.jiraWebhook);
  app.use('/webhook/git', gitWebhookRouter({ ...deps.gitWebhook, countWebhook: (source, outcome) => deps.metrics.countWebhook(source, outcome) }));
  app.use('/api/v1', apiRouter(deps.api));
  app.use(statusPageRouter({ version: deps.version, readModel: deps.api.readModel, events: deps.events, metrics: deps.metrics }));
  app.use((_req, res) => sendError(res, 404, 'NotFound', 'No such route'));
  app.use(errorHandler(deps.logger, deps.metrics));
  return app;
}

function repoState(r: RepoSummary): RepoStateSample {
  return { repo: `${r.namespace}/${r.name}`, ready: r.ready, suspended: r.suspended, pending: r.pending, failed: r.failed };
}

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (QUIET_PATHS.has(req.path)) return next();
    const startedMs = performance.now();
    res.on('finish', () => {
      logger.info('request', { method: req.method, path: req.path, status: res.statusCode, durationMs: Math.round(performance.now() - startedMs) });
    });
    next();
  };
}

function errorHandler(logger: Logger, metrics: ControllerMetrics): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const status = (err as { status?: number }).status ?? 500;
    if (status === 413) {
      if (req.path.startsWith('/webhook/git')) metrics.countWebhook('generic', 'too_large');
      return sendError(res, 413, 'PayloadTooLarge', 'The request body is larger than the webhook body limit');
    }
    if (status >= 400 && status < 500) return sendError(res, status, 'BadRequest', 'The request could not be read');
    logger.error('request failed', { method: req.method, path: req.path, error: err });
    if (req.path.startsWith('/webhook/git')) metrics.countWebhook('generic', 'error');
    sendError(res, 500, 'InternalError', 'The controller failed to answer: see its log');
  };
}
