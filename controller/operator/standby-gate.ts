/**
 * Puts the HTTP surface of a standby replica out of the way. Only the leader is Ready, so the Service
 * sends traffic to it; a webhook or API call that still reaches a standby (during a failover, or by a
 * direct pod address) is answered 503 with Retry-After instead of being journaled where no one would
 * apply it. Jira retries 5xx webhook deliveries and the periodic Jira reconciliation heals the rest;
 * git hosts show the failed delivery, and the poll interval picks the push up anyway.
 * Probes, `/health`, `/metrics` and the status page are served on every replica.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export const STANDBY_RETRY_AFTER_SECONDS = 5;

export interface StandbyGateOptions {
  isLeading: () => boolean;
  /** Called for each refused webhook delivery (`jira` or `git`). */
  onRefusedWebhook?: (source: 'jira' | 'git') => void;
}

export function standbyGate(options: StandbyGateOptions, next: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const leaderOnly = path.startsWith('/webhook/') || path.startsWith('/api/');
    if (!leaderOnly || options.isLeading()) {
      next(req, res);
      return;
    }
    if (path.startsWith('/webhook/')) options.onRefusedWebhook?.(path.startsWith('/webhook/jira') ? 'jira' : 'git');
    const body = JSON.stringify({ error: { reason: 'NotLeader', message: 'This replica is a standby: the leader handles webhooks and the API; retry shortly' } });
    res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': String(STANDBY_RETRY_AFTER_SECONDS), 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
}
