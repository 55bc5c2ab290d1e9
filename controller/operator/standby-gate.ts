/**
 * The HTTP surface of a standby replica (docs/operator-ha.md). Every replica is Ready, so the Service
 * may send a webhook or an API call to a standby: the standby forwards it to the leader, whose address
 * it reads from the leader Lease, and relays the answer. When no leader is known or reachable (during a
 * failover), or the request was already forwarded once, it answers 503 with Retry-After instead of
 * journaling work where no one would apply it; Jira and the CLI retry.
 * The status page (`/` and its live updates, `/events`) is the leader's too when it can be reached (lag
 * and events live in the leader's memory), else the standby's own. Probes, `/health` and `/metrics` are
 * always the replica's own.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ApiErrorReason } from '../../shared/core/error-reasons.ts';
import { FORWARDED_BY_HEADER, forwardToLeader } from './forward-to-leader.ts';

export const STANDBY_RETRY_AFTER_SECONDS = 5;
/** Git hosts give up on a webhook after about 10 s; the leader answers webhooks and API calls at once. */
const FORWARD_TIMEOUT_MS = 10_000;
/** The status page's live stream is quiet up to its 15 s heartbeat. */
const STATUS_PAGE_TIMEOUT_MS = 60_000;
const STATUS_PAGE_PATHS = new Set(['/', '/events']);

export interface StandbyGateOptions {
  isLeading: () => boolean;
  /** This replica's identity (marks what it forwards). */
  identity: string;
  /** The leader's address (`http://host:port`) as the Lease has it, when another replica leads. */
  leaderAddress?: () => string | undefined;
  /** Called for each webhook delivery a standby forwarded (`forwarded`) or refused (`standby`). */
  onWebhook?: (source: 'jira' | 'git', outcome: 'forwarded' | 'standby') => void;
  onForwardFailed?: (leader: string, error: unknown) => void;
}

export function standbyGate(options: StandbyGateOptions, next: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const leaderOnly = path.startsWith('/webhook/') || path.startsWith('/api/');
    if (options.isLeading()) next(req, res);
    else if (leaderOnly) passOn(options, path, req, res);
    else if (STATUS_PAGE_PATHS.has(path) && req.method === 'GET') statusPage(options, req, res, () => next(req, res));
    else next(req, res);
  };
}

/** The leader's status page when it can be reached, else this replica's own. */
function statusPage(options: StandbyGateOptions, req: IncomingMessage, res: ServerResponse, local: () => void): void {
  const leader = leaderFor(options, req);
  if (!leader) {
    local();
    return;
  }
  forwardToLeader(leader, options.identity, req, res, STATUS_PAGE_TIMEOUT_MS).catch((err: unknown) => {
    options.onForwardFailed?.(leader, err);
    local();
  });
}

/** A standby's answer to a webhook or API call: the leader's, or 503. */
function passOn(options: StandbyGateOptions, path: string, req: IncomingMessage, res: ServerResponse): void {
  const source = path.startsWith('/webhook/jira') ? 'jira' : 'git';
  const count = path.startsWith('/webhook/') ? (outcome: 'forwarded' | 'standby') => options.onWebhook?.(source, outcome) : () => undefined;
  const leader = leaderFor(options, req);
  if (!leader) {
    refuse(res, count);
    return;
  }
  forwardToLeader(leader, options.identity, req, res, FORWARD_TIMEOUT_MS).then(
    () => count('forwarded'),
    (err: unknown) => {
      options.onForwardFailed?.(leader, err);
      refuse(res, count);
    },
  );
}

/** Where to forward to: the leader, unless the request was forwarded once already (no second hop). */
function leaderFor(options: StandbyGateOptions, req: IncomingMessage): string | undefined {
  return req.headers[FORWARDED_BY_HEADER] === undefined ? options.leaderAddress?.() : undefined;
}

function refuse(res: ServerResponse, count: (outcome: 'standby') => void): void {
  count('standby');
  const body = JSON.stringify({ error: { reason: 'NotLeader' satisfies ApiErrorReason, message: 'This replica is a standby and no leader is reachable: retry shortly' } });
  res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': String(STANDBY_RETRY_AFTER_SECONDS), 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
