/**
 * `/api/v1` (docs/controller-api.md): read the repos and one record's sync state, and ask for a sync.
 * With an API token configured, every call needs `Authorization: Bearer <token>` (compared in constant
 * time); without one the API is open (a laptop, a trusted network).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { RecordedEvent, RepoKey } from '../api/ports.ts';
import type { SyncRequestAnswer } from '../reconcile/tract-repo-controller.ts';
import { sendError } from './api-errors.ts';
import type { RepoReadModel } from './repo-read-model.ts';

export interface ApiDeps {
  /** Empty: no token needed. */
  apiToken: string;
  readModel: RepoReadModel;
  requestSync(key: RepoKey): SyncRequestAnswer;
  events(): RecordedEvent[];
}

export function apiRouter(deps: ApiDeps): Router {
  const router = express.Router();
  router.use((req, res, next) => authorize(deps.apiToken, req, res, next));
  router.get('/repos', (_req, res) => void res.json({ items: deps.readModel.summaries() }));
  router.get('/repos/:namespace/:name', (req, res) => {
    const key = keyOf(req);
    const detail = deps.readModel.detail(key);
    if (!detail) return notManaged(res, key);
    res.json(detail);
  });
  router.post('/repos/:namespace/:name/sync', (req, res) => {
    const key = keyOf(req);
    const answer = deps.requestSync(key);
    if (answer === 'not-found') return notManaged(res, key);
    if (answer === 'suspended') return sendError(res, 409, 'Suspended', `TractRepo ${key} is suspended: set spec.suspend to false to sync it`);
    res.status(202).json({ accepted: true, repo: key });
  });
  router.get('/worklogs/:id', (req, res) => {
    const id = String(req.params.id);
    const state = deps.readModel.worklog(id);
    if (!state) return sendError(res, 404, 'NotFound', `Worklog ${id} has not been seen by the controller (yet)`);
    res.json(state);
  });
  router.get('/events', (_req, res) => void res.json({ items: deps.events() }));
  router.use((_req: Request, res: Response) => sendError(res, 404, 'NotFound', 'No such API route'));
  return router;
}

function keyOf(req: Request): RepoKey {
  return `${String(req.params.namespace)}/${String(req.params.name)}`;
}

function notManaged(res: Response, key: RepoKey): void {
  sendError(res, 404, 'NotFound', `TractRepo ${key} is not managed by this controller`);
}

function authorize(token: string, req: Request, res: Response, next: NextFunction): void {
  if (!token) return next();
  const given = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  if (given && timingSafeEqual(digest(given), digest(token))) return next();
  sendError(res, 401, 'Unauthorized', 'A valid API token is required: send Authorization: Bearer <token>');
}
