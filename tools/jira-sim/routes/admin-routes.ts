import express, { type Request, type Router } from 'express';
import type { FaultRule, WebhookFaultRule } from '../fault-rules.ts';
import { badRequest, notFound } from '../jira-error.ts';
import type { SimSeed } from '../seed-types.ts';
import type { IssuePatch, JiraSimControl } from '../sim-control.ts';
import { param } from './route-helpers.ts';

const REST_FAULTS = ['latency', 'error', 'rateLimit', 'hang', 'responseLost'];
const WEBHOOK_FAULTS = ['drop', 'duplicate', 'reorder', 'delay'];

function objectBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(['Expected a JSON object.']);
  return body as Record<string, unknown>;
}

function faultBody<T>(req: Request, types: string[]): T {
  const body = objectBody(req);
  const type = (body.action as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || !types.includes(type)) {
    throw badRequest([], { action: `action.type must be one of ${types.join(', ')}` });
  }
  return body as T;
}

/** Runs an add that throws a plain Error for bad input, answering 400 with its message. */
function orBadRequest<T>(add: () => T): T {
  try {
    return add();
  } catch (err) {
    throw badRequest([err instanceof Error ? err.message : String(err)]);
  }
}

function isYaml(req: Request): boolean {
  return /yaml/.test(req.headers['content-type'] ?? '');
}

function seedResponse(problems: unknown[]): [number, { problems: unknown[] }] {
  return [problems.length === 0 ? 200 : 400, { problems }];
}

/** Mounts the admin API on `router` (served under `/_sim`; no authentication: it is a test tool). */
export function registerAdminRoutes(router: Router, control: JiraSimControl): void {
  router.use(express.json({ limit: '50mb', strict: false }));
  router.use(express.text({ limit: '50mb', type: ['text/yaml', 'application/yaml', 'application/x-yaml', 'text/plain'] }));

  router.get('/state', (_req, res) => void res.json(control.state()));
  router.post('/seed', (req, res) => {
    const problems = isYaml(req) ? control.seedYaml(String(req.body)) : control.seed(objectBody(req) as SimSeed);
    const [status, body] = seedResponse(problems);
    res.status(status).json(body);
  });
  router.post('/reset', (req, res) => {
    const seed = typeof req.body === 'object' && req.body !== null ? (req.body as { seed?: SimSeed }).seed : undefined;
    const [status, body] = seedResponse(control.reset(seed));
    res.status(status).json(body);
  });

  router.get('/requests', (req, res) => void res.json(control.requests(Number(req.query.after ?? 0) || 0)));
  router.delete('/requests', (_req, res) => void (control.clearRequests(), res.status(204).end()));

  router.get('/faults', (_req, res) => void res.json(control.faults()));
  router.post('/faults', (req, res) => {
    res.status(201).json(orBadRequest(() => control.addFault(faultBody<FaultRule>(req, REST_FAULTS))));
  });
  router.delete('/faults', (_req, res) => void (control.clearFaults(), res.status(204).end()));
  router.delete('/faults/:id', (req, res) => {
    if (!control.removeFault(param(req, 'id'))) throw notFound('No such fault.');
    res.status(204).end();
  });

  router.get('/webhook-faults', (_req, res) => void res.json(control.webhookFaults()));
  router.post('/webhook-faults', (req, res) => {
    res.status(201).json(orBadRequest(() => control.addWebhookFault(faultBody<WebhookFaultRule>(req, WEBHOOK_FAULTS))));
  });
  router.delete('/webhook-faults', (_req, res) => void (control.clearWebhookFaults(), res.status(204).end()));

  registerAdminSettings(router, control);
}

function registerAdminSettings(router: Router, control: JiraSimControl): void {
  router.get('/webhooks', (_req, res) => void res.json(control.state().webhooks));
  router.post('/webhooks', (req, res) => void res.status(201).json(control.registerWebhook(objectBody(req) as never)));
  router.delete('/webhooks/:id', (req, res) => {
    if (!control.removeWebhook(Number(param(req, 'id')))) throw notFound('No such webhook.');
    res.status(204).end();
  });
  router.post('/webhooks/flush', async (_req, res) => {
    await control.flushWebhooks();
    res.status(204).end();
  });
  router.get('/webhooks/attempts', (_req, res) => void res.json(control.webhookAttempts()));

  router.get('/clock', (_req, res) => void res.json({ nowMs: control.nowMs() }));
  router.post('/clock/advance', (req, res) => {
    const ms = objectBody(req).ms;
    if (typeof ms !== 'number' || !Number.isFinite(ms)) throw badRequest([], { ms: 'ms must be a number' });
    control.advanceClock(ms);
    res.json({ nowMs: control.nowMs() });
  });
  router.put('/rate-limits', (req, res) => void (control.setRateLimits(objectBody(req)), res.status(204).end()));
  router.patch('/site', (req, res) => void (control.updateSite(objectBody(req)), res.json(control.state().site)));
  router.patch('/issues/:idOrKey', (req, res) => {
    if (!control.updateIssue(param(req, 'idOrKey'), objectBody(req) as IssuePatch)) throw notFound('No such issue.');
    res.status(204).end();
  });
  router.put('/permissions', (req, res) => {
    const { project, user, workOnIssues } = objectBody(req);
    if (typeof project !== 'string' || typeof user !== 'string' || typeof workOnIssues !== 'boolean') {
      throw badRequest(['Expected {project, user, workOnIssues}.']);
    }
    if (!control.setWorkOnIssues(project, user, workOnIssues)) throw notFound('No such project or user.');
    res.status(204).end();
  });
  router.get('/avatar/:id', (_req, res) => {
    res.type('image/svg+xml').send('<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><circle cx="24" cy="24" r="24" fill="#0052cc"/></svg>');
  });
}
