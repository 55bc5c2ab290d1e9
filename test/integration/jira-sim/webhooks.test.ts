import { createHmac, timingSafeEqual } from 'node:crypto';
import { expect } from 'chai';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { simFetch, worklogBody } from './sim-http.ts';
import { type WebhookReceiver, startWebhookReceiver } from './webhook-receiver.ts';

const EVENTS = ['worklog_created', 'worklog_updated', 'worklog_deleted'];
const SYNC = 'tract-sync@example.com';

function verifySignature(secret: string, rawBody: string, header: string | undefined): boolean {
  const [method, hex] = (header ?? '').split('=');
  if (method !== 'sha256' || hex === undefined) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(hex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('jira-sim: webhooks', () => {
  let sim: TestJiraSim;
  let receiver: WebhookReceiver;
  const call = (method: string, path: string, req = {}) => simFetch(sim.url, method, path, req);
  const register = (extra: Record<string, unknown> = {}) =>
    sim.control.registerWebhook({ name: 'tract', url: receiver.url, events: EVENTS, ...extra });
  const create = async (extra: Record<string, unknown> = {}) =>
    ((await call('POST', '/rest/api/2/issue/APP-1/worklog', { body: worklogBody(extra) })).body as { id: string; issueId: string });

  beforeEach(async () => {
    sim = await startJiraSim();
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  it('registers through /rest/webhooks/1.0/webhook (Jira admins only)', async () => {
    const body = { name: 'tract', url: receiver.url, events: EVENTS, filters: { 'issue-related-events-section': 'project = APP' }, excludeBody: false, secret: 's' };
    expect((await call('POST', '/rest/webhooks/1.0/webhook', { body })).status, 'john is no admin').to.equal(403);
    const created = await call('POST', '/rest/webhooks/1.0/webhook', { as: SYNC, body });
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ name: 'tract', url: receiver.url, enabled: true });
    expect(created.body).to.not.have.property('secret');
    const invalid = await call('POST', '/rest/webhooks/1.0/webhook', { as: SYNC, body: { url: 'ftp://x', events: 'all' } });
    expect(Object.keys((invalid.body as { errors: object }).errors)).to.have.members(['name', 'url', 'events']);
    await create();
    await sim.control.flushWebhooks();
    expect(receiver.received).to.have.length(1);
  });

  it('delivers worklog_created in the Cloud v2 shape: plain comment, no issue key, no e-mail, timestamp', async () => {
    register();
    const { id, issueId } = await create({ comment: 'Fixed bug' });
    await sim.control.flushWebhooks();
    const [delivery] = receiver.received;
    expect(delivery?.body?.webhookEvent).to.equal('worklog_created');
    expect(delivery?.body?.timestamp).to.be.a('number');
    expect(Object.keys(delivery?.body ?? {})).to.have.members(['timestamp', 'webhookEvent', 'worklog']);
    const worklog = delivery?.body?.worklog ?? {};
    expect(worklog).to.include({ id, issueId, comment: 'Fixed bug', timeSpentSeconds: 3600, started: '2026-02-14T08:00:00.000+0000' });
    expect(worklog.self).to.equal(`${sim.url}/rest/api/2/issue/${issueId}/worklog/${id}`);
    expect(worklog.author).to.not.have.property('emailAddress');
    expect(JSON.stringify(delivery?.body)).to.not.contain('APP-1');
  });

  it('leaves out an empty comment, and sends the same snapshot for worklog_deleted', async () => {
    register();
    const { id } = await create();
    await call('PUT', `/rest/api/2/issue/APP-1/worklog/${id}`, { body: { timeSpentSeconds: 7200 } });
    await call('DELETE', `/rest/api/2/issue/APP-1/worklog/${id}`);
    await sim.control.flushWebhooks();
    expect(receiver.received.map((r) => r.body?.webhookEvent)).to.deep.equal(EVENTS);
    const [created, updated, deleted] = receiver.received.map((r) => r.body?.worklog);
    expect(created).to.not.have.property('comment');
    expect(updated?.timeSpentSeconds).to.equal(7200);
    expect(deleted).to.deep.equal(updated);
  });

  it('sends the Atlassian headers; the identifier differs per event', async () => {
    register();
    await create();
    await create();
    await sim.control.flushWebhooks();
    const [first, second] = receiver.received;
    expect(first?.headers['x-atlassian-webhook-flow']).to.equal('Primary');
    expect(first?.headers['user-agent']).to.equal('Atlassian Webhook HTTP Client');
    expect(first?.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(first?.headers).to.not.have.property('x-atlassian-webhook-retry');
    expect(first?.headers).to.not.have.property('x-hub-signature');
    expect(first?.headers['x-atlassian-webhook-identifier']).to.be.a('string').and.not.equal(second?.headers['x-atlassian-webhook-identifier']);
  });

  it('signs the raw body with X-Hub-Signature: sha256=… when a secret is set (verified with the secret)', async () => {
    register({ secret: 'It5-a-s3cret' });
    await create({ comment: 'signed' });
    await sim.control.flushWebhooks();
    const [delivery] = receiver.received;
    const header = delivery?.headers['x-hub-signature'] as string;
    expect(header).to.match(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('It5-a-s3cret', delivery!.rawBody, header)).to.equal(true);
    expect(verifySignature('wrong-secret', delivery!.rawBody, header)).to.equal(false);
  });

  it('is sent after the write was answered', async () => {
    register();
    await create();
    await sim.control.flushWebhooks();
    const write = sim.control.requests().find((r) => r.method === 'POST')!;
    expect(receiver.received[0]!.atMs).to.be.at.least(write.endMs);
  });

  for (const status of [408, 409, 425, 429, 500, 503]) {
    it(`retries on ${status} with the same identifier and X-Atlassian-Webhook-Retry`, async () => {
      register();
      receiver.respond.push(status, status);
      await create();
      await sim.control.flushWebhooks();
      expect(receiver.received).to.have.length(3);
      const ids = new Set(receiver.received.map((r) => r.headers['x-atlassian-webhook-identifier']));
      expect(ids.size).to.equal(1);
      expect(receiver.received.map((r) => r.headers['x-atlassian-webhook-retry'])).to.deep.equal([undefined, '1', '2']);
    });
  }

  it('does not retry other 4xx answers, and gives up after the retry schedule', async () => {
    register();
    receiver.respond.push(404, 503, 503, 503, 503);
    await create();
    await create();
    await sim.control.flushWebhooks();
    expect(receiver.received.map((r) => r.headers['x-atlassian-webhook-retry'])).to.deep.equal([undefined, undefined, '1', '2', '3']);
  });

  it('retries connection failures', async () => {
    await receiver.close();
    sim.control.registerWebhook({ name: 'gone', url: receiver.url, events: EVENTS });
    await create();
    await sim.control.flushWebhooks();
    const attempts = sim.control.webhookAttempts();
    expect(attempts.map((a) => a.status)).to.deep.equal([0, 0, 0, 0]);
    expect(attempts.map((a) => a.retry)).to.deep.equal([0, 1, 2, 3]);
    receiver = await startWebhookReceiver();
  });

  it('honours events, the project filter and excludeBody', async () => {
    register({ events: ['worklog_deleted'] });
    register({ filters: { 'issue-related-events-section': 'project = OTHER' } });
    register({ excludeBody: true, events: ['worklog_created'] });
    await create();
    await sim.control.flushWebhooks();
    expect(receiver.received).to.have.length(1);
    expect(receiver.received[0]?.rawBody).to.equal('');
  });

  it('faults: drop, duplicate, delay, reorder', async () => {
    register();
    sim.control.addWebhookFault({ count: 1, action: { type: 'drop' } });
    sim.control.addWebhookFault({ count: 1, action: { type: 'duplicate' } });
    await create();
    await create();
    await sim.control.flushWebhooks();
    expect(receiver.received).to.have.length(2);
    expect(receiver.received[0]?.headers['x-atlassian-webhook-identifier']).to.equal(receiver.received[1]?.headers['x-atlassian-webhook-identifier']);

    receiver.received.length = 0;
    sim.control.clearWebhookFaults();
    sim.control.addWebhookFault({ count: 1, action: { type: 'delay', ms: 150 } });
    const before = performance.timeOrigin + performance.now();
    await create();
    await sim.control.flushWebhooks();
    expect(receiver.received[0]!.atMs - before).to.be.at.least(150);

    receiver.received.length = 0;
    sim.control.clearWebhookFaults();
    sim.control.addWebhookFault({ action: { type: 'reorder', window: 5 } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create()).id);
    await sim.control.flushWebhooks();
    const order = receiver.received.map((r) => r.body?.worklog?.id as string);
    expect(order).to.have.members(ids);
    expect(order).to.not.deep.equal(ids);
  });

  it('flushWebhooks releases deliveries still held for reordering', async () => {
    register();
    sim.control.addWebhookFault({ action: { type: 'reorder', window: 10 } });
    await create();
    await sim.control.flushWebhooks();
    expect(receiver.received).to.have.length(1);
  });
});
