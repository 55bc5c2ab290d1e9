import { expect } from 'chai';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { standbyGate } from '../../../controller/operator/standby-gate.ts';

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The address of a server that stopped: connections to it are refused. */
async function unreachableAddress(): Promise<string> {
  const gone = await listen(() => undefined);
  gone.server.close();
  await once(gone.server, 'close');
  return gone.url;
}

/** A stand-in leader: answers 202 with what it received, as JSON. */
async function echoLeader(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
  res.writeHead(202, { 'content-type': 'application/json', 'x-leader': 'yes' });
  res.end(body);
}

describe('standbyGate', () => {
  let standby: { server: Server; url: string };
  let leaderServer: { server: Server; url: string };
  let leading = false;
  let leader: string | undefined;
  const counted: string[] = [];

  before(async () => {
    const app = (_req: unknown, res: { end(text: string): void }): void => res.end('app');
    leaderServer = await listen((req, res) => void echoLeader(req, res));
    standby = await listen(standbyGate({
      isLeading: () => leading, identity: 'pod-b', leaderAddress: () => leader, onWebhook: (source, outcome) => counted.push(`${source} ${outcome}`),
    }, app as never));
  });
  beforeEach(() => void counted.splice(0));
  after(() => {
    for (const { server } of [standby, leaderServer]) {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a standby that knows no leader answers webhooks and the API with 503, Retry-After and the API error envelope', async () => {
    leading = false;
    leader = undefined;
    for (const [path, method] of [['/webhook/jira', 'POST'], ['/webhook/jira/team-a/app', 'POST'], ['/webhook/git/team-a/app?x=1', 'POST'], ['/api/v1/repos', 'GET']] as const) {
      const response = await fetch(`${standby.url}${path}`, { method, ...(method === 'POST' ? { body: '{"a":1}' } : {}) });
      expect(response.status, path).to.equal(503);
      expect(response.headers.get('retry-after')).to.equal('5');
      expect(((await response.json()) as { error: { reason: string } }).error.reason).to.equal('NotLeader');
    }
    expect(counted).to.deep.equal(['jira standby', 'jira standby', 'git standby']);
  });

  it('a standby forwards webhooks and API calls to the leader byte for byte, and relays its answer', async () => {
    leading = false;
    leader = leaderServer.url;
    const body = '{"ref":"refs/heads/main","x":"ü"}';
    const response = await fetch(`${standby.url}/webhook/git/team-a/app?x=1`, { method: 'POST', headers: { 'x-hub-signature-256': 'sha256=abc', 'x-github-event': 'push' }, body });
    expect(response.status).to.equal(202);
    expect(response.headers.get('x-leader')).to.equal('yes');
    const seen = (await response.json()) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(seen).to.deep.include({ method: 'POST', url: '/webhook/git/team-a/app?x=1', body });
    expect(seen.headers).to.include({ 'x-hub-signature-256': 'sha256=abc', 'x-github-event': 'push', 'x-tract-forwarded-by': 'pod-b' });
    const api = await fetch(`${standby.url}/api/v1/repos`, { headers: { authorization: 'Bearer t' } });
    expect(((await api.json()) as { headers: Record<string, string> }).headers.authorization).to.equal('Bearer t');
    expect(counted).to.deep.equal(['git forwarded']);
  });

  it('a request already forwarded once is refused, not forwarded again (no loops between standbys)', async () => {
    leading = false;
    leader = leaderServer.url;
    const response = await fetch(`${standby.url}/webhook/jira`, { method: 'POST', headers: { 'x-tract-forwarded-by': 'pod-c' }, body: '{}' });
    expect(response.status).to.equal(503);
  });

  it('a leader that cannot be reached (failover under way) gets a 503 with Retry-After', async () => {
    leading = false;
    leader = await unreachableAddress();
    const response = await fetch(`${standby.url}/webhook/git/team-a/app`, { method: 'POST', body: '{}' });
    expect(response.status).to.equal(503);
    expect(response.headers.get('retry-after')).to.equal('5');
    expect(counted).to.deep.equal(['git standby']);
  });

  it('a standby serves probes, metrics and /health itself, and shows the leader’s status page', async () => {
    leading = false;
    leader = leaderServer.url;
    for (const path of ['/healthz', '/readyz', '/metrics', '/health']) {
      const response = await fetch(`${standby.url}${path}`);
      expect(await response.text(), path).to.equal('app');
    }
    for (const path of ['/', '/events']) {
      const response = await fetch(`${standby.url}${path}`);
      expect(response.status, path).to.equal(202);
      expect(((await response.json()) as { url: string }).url, path).to.equal(path);
    }
  });

  it('a standby shows its own status page while the leader cannot be reached', async () => {
    leading = false;
    leader = await unreachableAddress();
    expect(await (await fetch(`${standby.url}/`)).text()).to.equal('app');
  });

  it('the leader serves everything itself', async () => {
    leading = true;
    leader = undefined;
    const response = await fetch(`${standby.url}/webhook/jira`, { method: 'POST', body: '{}' });
    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal('app');
  });
});
