import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { JiraEventInbox } from '../../../controller/jira-intake/jira-event-inbox.ts';
import { createJiraWebhookRoute } from '../../../controller/jira-intake/jira-webhook-route.ts';
import { signJiraBody } from '../../../controller/jira-intake/jira-webhook-signature.ts';
import { mountSmallDisk } from '../../support/fault-disk.ts';
import type { SmallDisk } from '../../support/fault-disk.ts';
import { removeTempDirs } from '../../support/git-fixtures.ts';

const SITE = 'https://example.atlassian.net';
const SECRET = 'whsec-full-disk';

describe('fault: the disk under the Jira webhook journal is full', function () {
  this.timeout(30_000);
  let disk: SmallDisk;
  let inbox: JiraEventInbox;
  let server: Server;
  let url: string;
  const errors: unknown[] = [];

  beforeEach(async () => {
    disk = mountSmallDisk(64);
    inbox = await JiraEventInbox.open(join(disk.dir, '_jira-inbox'), { clock: { now: () => new Date() } });
    const app = express();
    app.use(createJiraWebhookRoute({ inbox, clock: { now: () => new Date() }, repos: () => [{ key: 'team-a/app', site: SITE, secret: SECRET }], onError: (err) => errors.push(err) }));
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/jira`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await inbox.close();
    disk.unmount();
    removeTempDirs();
  });

  const deliver = (id: number, identifier: string): Promise<Response> => {
    const body = JSON.stringify({ webhookEvent: 'worklog_created', worklog: { id: String(id), issueId: '10001', self: `${SITE}/rest/api/2/issue/10001/worklog/${id}` } });
    return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature': signJiraBody(SECRET, body), 'x-atlassian-webhook-identifier': identifier } });
  };

  it('503 (Jira retries) with a "disk is full" error, the journal intact; the retried delivery is accepted once space is back, nothing lost or doubled', async () => {
    expect((await deliver(1, 'd-1')).status).to.equal(202);
    const journal = join(disk.dir, '_jira-inbox', 'jira-webhook-journal.jsonl');
    const before = readFileSync(journal, 'utf8');
    disk.fill();
    // The journal's last page may still have room: deliver until the disk really refuses a write.
    let refusedId = 0;
    const accepted = ['1'];
    for (let id = 2; id < 400 && refusedId === 0; id += 1) {
      const status = (await deliver(id, `d-${id}`)).status;
      if (status === 202) accepted.push(String(id));
      else if (status === 503) refusedId = id;
      else expect.fail(`delivery ${id}: ${status}`);
    }
    expect(refusedId, 'a delivery refused with 503 (a 5xx, so Jira retries)').to.be.above(0);
    expect(errors.map((e) => (e as Error).message).join(' ')).to.match(/the disk is full/);
    expect(readFileSync(journal, 'utf8').startsWith(before), 'earlier lines kept').to.equal(true);

    disk.free();
    expect((await deliver(refusedId, `d-${refusedId}`)).status, 'Jira\'s retry, same identifier: not a duplicate').to.equal(202);
    expect((await deliver(refusedId + 1, `d-${refusedId + 1}`)).status, 'the next delivery').to.equal(202);
    expect(inbox.pending().map((e) => e.worklogId).sort(), 'every accepted delivery pending, none twice').to.deep.equal([...accepted, String(refusedId), String(refusedId + 1)].sort());
    for (const line of readFileSync(journal, 'utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown, line).to.not.throw();
    const reopened = await JiraEventInbox.open(join(disk.dir, '_jira-inbox'), { clock: { now: () => new Date() } });
    expect(reopened.pending().length, 'after a restart, the same events are pending').to.equal(accepted.length + 2);
    await reopened.close();
  });
});
