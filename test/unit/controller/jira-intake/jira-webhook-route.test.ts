import { expect } from 'chai';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JiraEventInbox } from '../../../../controller/jira-intake/jira-event-inbox.ts';
import type { AcceptResult, JiraWebhookEvent } from '../../../../controller/jira-intake/jira-event-inbox.ts';
import { createJiraWebhookRoute } from '../../../../controller/jira-intake/jira-webhook-route.ts';
import type { JiraWebhookOutcome, JiraWebhookRepo } from '../../../../controller/jira-intake/jira-webhook-route.ts';
import { signJiraBody } from '../../../../controller/jira-intake/jira-webhook-signature.ts';
import { removeTempDirs, tempDir } from '../../../support/git-fixtures.ts';

const SITE = 'https://example.atlassian.net';
const NOW_MS = Date.parse('2026-02-14T09:00:00.000Z');
const clock = { now: () => new Date(NOW_MS) };

function payload(overrides: Record<string, unknown> = {}, site = SITE): string {
  return JSON.stringify({
    timestamp: NOW_MS,
    webhookEvent: 'worklog_created',
    worklog: { self: `${site}/rest/api/2/issue/12345/worklog/10234`, id: '10234', issueId: '12345', timeSpentSeconds: 7200, started: '2026-02-14T09:00:00.000+0000' },
    ...overrides,
  });
}

interface Harness {
  url: string;
  inbox: { accept(event: JiraWebhookEvent): Promise<AcceptResult>; pending(): JiraWebhookEvent[] };
  outcomes: JiraWebhookOutcome[];
  close(): Promise<void>;
}

async function start(repos: JiraWebhookRepo[], inbox?: Harness['inbox'], limitBytes?: number): Promise<Harness> {
  const store = inbox ?? (await JiraEventInbox.open(tempDir('tract-webhook-'), { clock }));
  const outcomes: JiraWebhookOutcome[] = [];
  const app = express();
  app.use(createJiraWebhookRoute({ inbox: store, repos: () => repos, clock, limitBytes, onOutcome: (o) => outcomes.push(o) }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inbox: store,
    outcomes,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      if (store instanceof JiraEventInbox) await store.close();
    },
  };
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
  return { status: response.status, json: await response.json() };
}

const signed = (secret: string, body: string, id = 'delivery-1'): Record<string, string> =>
  ({ 'X-Hub-Signature': signJiraBody(secret, body), 'X-Atlassian-Webhook-Identifier': id });

describe('Jira webhook route', () => {
  let harness: Harness;
  afterEach(async () => {
    await harness.close();
    removeTempDirs();
  });

  it('journals a signed worklog event and answers 202', async () => {
    harness = await start([{ key: 'team-a/app', site: `${SITE}/`, secret: 's3cret' }]);
    const body = payload();
    const answer = await post(`${harness.url}/webhook/jira`, body, signed('s3cret', body));
    expect(answer.status).to.equal(202);
    expect(harness.inbox.pending()).to.deep.equal([{ identifier: 'delivery-1', receivedAtMs: NOW_MS, kind: 'upsert', worklogId: '10234', issueId: '12345', site: SITE }]);
    expect(harness.outcomes).to.deep.equal(['accepted']);
  });

  for (const [what, headers] of [
    ['unsigned delivery', { 'X-Atlassian-Webhook-Identifier': 'd' }],
    ['wrongly signed delivery', signed('not-the-secret', payload())],
    ['delivery signed over another body', signed('s3cret', payload({ webhookEvent: 'worklog_deleted' }))],
    ['delivery signed with another method', { 'X-Hub-Signature': signJiraBody('s3cret', payload()).replace('sha256', 'sha1') }],
  ] as const) {
    it(`rejects ${what} with 401 and stores nothing`, async () => {
      harness = await start([{ key: 'team-a/app', site: SITE, secret: 's3cret' }]);
      const answer = await post(`${harness.url}/webhook/jira`, payload(), headers);
      expect(answer.status).to.equal(401);
      expect(answer.json).to.deep.equal({ errorMessages: ['X-Hub-Signature is missing or does not match the webhook secret.'], errors: {} });
      expect(harness.inbox.pending()).to.be.empty;
      expect(harness.outcomes).to.deep.equal(['unauthorized']);
    });
  }

  it('takes a repeated delivery identifier once', async () => {
    harness = await start([{ key: 'team-a/app', site: SITE, secret: 's3cret' }]);
    const body = payload();
    expect((await post(`${harness.url}/webhook/jira`, body, signed('s3cret', body))).status).to.equal(202);
    expect((await post(`${harness.url}/webhook/jira`, body, { ...signed('s3cret', body), 'X-Atlassian-Webhook-Retry': '1' })).status).to.equal(200);
    expect(harness.inbox.pending()).to.have.length(1);
    expect(harness.outcomes).to.deep.equal(['accepted', 'duplicate']);
  });

  it('accepts unsigned deliveries when no repo of the site has a secret', async () => {
    harness = await start([{ key: 'team-a/app', site: SITE }, { key: 'team-b/other', site: 'https://other.atlassian.net', secret: 'x' }]);
    const answer = await post(`${harness.url}/webhook/jira`, payload({ webhookEvent: 'worklog_deleted' }), { 'X-Atlassian-Webhook-Identifier': 'd' });
    expect(answer.status).to.equal(202);
    expect(harness.inbox.pending().map((e) => e.kind)).to.deep.equal(['delete']);
  });

  it('on the global path, accepts the secret of any repo on the event\'s site, and only those', async () => {
    harness = await start([
      { key: 'team-a/app', site: SITE, secret: 'secret-a' },
      { key: 'team-b/web', site: SITE, secret: 'secret-b' },
      { key: 'team-c/ops', site: 'https://other.atlassian.net', secret: 'secret-c' },
    ]);
    const body = payload();
    expect((await post(`${harness.url}/webhook/jira`, body, signed('secret-b', body, 'one'))).status).to.equal(202);
    expect((await post(`${harness.url}/webhook/jira`, body, signed('secret-c', body, 'two'))).status).to.equal(401);
  });

  it('on a repo\'s own path, accepts only that repo\'s secret and tags the event with the repo', async () => {
    harness = await start([{ key: 'team-a/app', site: SITE, secret: 'secret-a' }, { key: 'team-b/web', site: SITE, secret: 'secret-b' }]);
    const body = payload();
    expect((await post(`${harness.url}/webhook/jira/team-a/app`, body, signed('secret-b', body, 'one'))).status).to.equal(401);
    expect((await post(`${harness.url}/webhook/jira/team-a/app`, body, signed('secret-a', body, 'two'))).status).to.equal(202);
    expect(harness.inbox.pending().map((e) => e.repo)).to.deep.equal(['team-a/app']);
  });

  it('answers 404 for the path of a repo it does not manage', async () => {
    harness = await start([{ key: 'team-a/app', site: SITE }]);
    const answer = await post(`${harness.url}/webhook/jira/team-x/missing`, payload());
    expect(answer.status).to.equal(404);
    expect(harness.outcomes).to.deep.equal(['unknown_repo']);
  });

  it('answers 413 in Jira\'s error shape for a body over the limit', async () => {
    harness = await start([{ key: 'team-a/app', site: SITE }], undefined, 1024);
    const answer = await post(`${harness.url}/webhook/jira`, payload({ padding: 'x'.repeat(2048) }));
    expect(answer.status).to.equal(413);
    expect(answer.json).to.deep.equal({ errorMessages: ['The request body exceeds 1024 bytes.'], errors: {} });
    expect(harness.outcomes).to.deep.equal(['too_large']);
  });

  it('answers 400 for a body that is not a JSON object, or a worklog event without ids', async () => {
    harness = await start([{ key: 'team-a/app', site: SITE }]);
    expect((await post(`${harness.url}/webhook/jira`, '{"webhookEvent":')).status).to.equal(400);
    expect((await post(`${harness.url}/webhook/jira`, '[1]')).status).to.equal(400);
    expect((await post(`${harness.url}/webhook/jira`, payload({ worklog: { self: `${SITE}/rest/api/2/issue/1/worklog/2` } }))).status).to.equal(400);
    expect(harness.inbox.pending()).to.be.empty;
    expect(harness.outcomes).to.deep.equal(['malformed', 'malformed', 'malformed']);
  });

  it('answers and drops events that are not about worklogs, and worklogs of sites nobody syncs', async () => {
    harness = await start([{ key: 'team-a/app', site: SITE }]);
    expect((await post(`${harness.url}/webhook/jira`, JSON.stringify({ webhookEvent: 'jira:issue_updated', issue: { key: 'APP-1' } }))).status).to.equal(202);
    expect((await post(`${harness.url}/webhook/jira`, payload({}, 'https://elsewhere.example.com'))).status).to.equal(202);
    expect(harness.inbox.pending()).to.be.empty;
    expect(harness.outcomes).to.deep.equal(['ignored', 'unclaimed']);
  });

  it('derives an identifier from the body when Jira sent none', async () => {
    harness = await start([{ key: 'team-a/app', site: SITE }]);
    await post(`${harness.url}/webhook/jira`, payload());
    await post(`${harness.url}/webhook/jira`, payload());
    expect(harness.inbox.pending().map((e) => e.identifier)).to.have.length(1);
    expect(harness.inbox.pending()[0]!.identifier).to.match(/^sha256:[0-9a-f]{64}$/);
  });

  it('answers 503 so that Jira retries when the journal cannot be written', async () => {
    const failing = { accept: () => Promise.reject(new Error('disk full')), pending: () => [] };
    harness = await start([{ key: 'team-a/app', site: SITE }], failing);
    const answer = await post(`${harness.url}/webhook/jira`, payload());
    expect(answer.status).to.equal(503);
    expect(harness.outcomes).to.deep.equal(['error']);
  });
});
