/**
 * `GET /` (the status page) and `GET /events` (its live updates as server-sent events: an `event:
 * status` carrying the re-rendered `<main>` whenever the read model, the events or the lag changed).
 */
import express from 'express';
import type { Router } from 'express';
import type { RecordedEvent } from '../api/ports.ts';
import type { ControllerMetrics } from '../telemetry/metrics.ts';
import type { RepoReadModel } from './repo-read-model.ts';
import { SseHub } from './sse-hub.ts';
import { summarizeLag, summarizeLagByRepo } from './status-page-lag.ts';
import { renderStatusBody, renderStatusPage } from './status-page.ts';
import type { RepoRecords, StatusPageExtras } from './status-page.ts';

export interface StatusPageDeps {
  version: string;
  readModel: RepoReadModel;
  events(): RecordedEvent[];
  metrics: ControllerMetrics;
  /** How often open pages are checked for changes; default 500 ms. */
  intervalMs?: number;
}

export function statusPageRouter(deps: StatusPageDeps): Router {
  const snapshot = async (): Promise<{ repos: ReturnType<RepoReadModel['summaries']>; extras: StatusPageExtras }> => {
    const repos = deps.readModel.summaries();
    const records = new Map<string, RepoRecords>();
    for (const repo of repos) {
      const detail = deps.readModel.detail(`${repo.namespace}/${repo.name}`);
      if (detail) records.set(`${repo.namespace}/${repo.name}`, { queue: detail.queue, errors: detail.errors });
    }
    return { repos, extras: { records, lag: await summarizeLag(deps.metrics.registry), repoLag: await summarizeLagByRepo(deps.metrics.registry) } };
  };
  const hub = new SseHub({
    render: async () => {
      const { repos, extras } = await snapshot();
      return renderStatusBody(repos, deps.events(), extras);
    },
    ...(deps.intervalMs === undefined ? {} : { intervalMs: deps.intervalMs }),
  });
  const router = express.Router();
  router.get('/', async (_req, res) => {
    const { repos, extras } = await snapshot();
    res.type('html').set('Cache-Control', 'no-store').send(renderStatusPage(repos, deps.events(), deps.version, extras));
  });
  router.get('/events', hub.handle);
  return router;
}
