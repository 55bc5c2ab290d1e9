/**
 * Passes one HTTP request on to the leader unchanged (method, path, headers, body bytes: a webhook's
 * signature still verifies there) and its answer back (docs/operator-ha.md). The hop-by-hop headers are
 * dropped; `x-tract-forwarded-by` marks the request so a replica never forwards it a second time.
 */
import { request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

export const FORWARDED_BY_HEADER = 'x-tract-forwarded-by';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * Resolves once the leader's answer was sent back; rejects (nothing sent yet) when the leader could not
 * be reached, so the caller can still answer 503.
 */
export function forwardToLeader(leader: string, identity: string, req: IncomingMessage, res: ServerResponse, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const target = new URL(req.url ?? '/', leader);
    const client = req.socket.remoteAddress ?? '';
    const chain = req.headers['x-forwarded-for'];
    const headers = { ...endToEnd(req.headers), [FORWARDED_BY_HEADER]: identity, 'x-forwarded-for': chain ? `${String(chain)}, ${client}` : client };
    const outgoing = request(target, { method: req.method, headers, timeout: timeoutMs }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      pipeline(answer, res).then(resolve, resolve);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`the leader at ${leader} did not answer within ${timeoutMs} ms`)));
    outgoing.on('error', (err) => (res.headersSent ? resolve() : reject(err)));
    req.pipe(outgoing);
  });
}
