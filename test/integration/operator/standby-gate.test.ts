import { expect } from 'chai';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { standbyGate } from '../../../controller/operator/standby-gate.ts';

describe('standbyGate', () => {
  let server: Server;
  let url: string;
  let leading = false;
  const refused: string[] = [];

  before(async () => {
    const app = (_req: unknown, res: { end(text: string): void }): void => res.end('app');
    server = createServer(standbyGate({ isLeading: () => leading, onRefusedWebhook: (source) => refused.push(source) }, app as never));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('a standby answers webhooks and the API with 503, Retry-After and the API error envelope', async () => {
    leading = false;
    for (const [path, method] of [['/webhook/jira', 'POST'], ['/webhook/jira/team-a/app', 'POST'], ['/webhook/git/team-a/app?x=1', 'POST'], ['/api/v1/repos', 'GET']] as const) {
      const response = await fetch(`${url}${path}`, { method, ...(method === 'POST' ? { body: '{"a":1}' } : {}) });
      expect(response.status, path).to.equal(503);
      expect(response.headers.get('retry-after')).to.equal('5');
      expect(((await response.json()) as { error: { reason: string } }).error.reason).to.equal('NotLeader');
    }
    expect(refused).to.deep.equal(['jira', 'jira', 'git']);
  });

  it('a standby still serves probes, metrics, /health and the status page', async () => {
    leading = false;
    for (const path of ['/healthz', '/readyz', '/metrics', '/health', '/']) {
      const response = await fetch(`${url}${path}`);
      expect(await response.text(), path).to.equal('app');
    }
  });

  it('the leader serves everything', async () => {
    leading = true;
    const response = await fetch(`${url}/webhook/jira`, { method: 'POST', body: '{}' });
    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal('app');
  });
});
