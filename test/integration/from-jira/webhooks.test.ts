import { expect } from 'chai';
import { git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { join } from 'node:path';
import { JiraEventInbox } from '../../../controller/jira-intake/jira-event-inbox.ts';
import { signJiraBody } from '../../../controller/jira-intake/jira-webhook-signature.ts';
import { startFromJiraHarness, WEBHOOK_SECRET } from '../../support/from-jira-harness.ts';
import type { FromJiraHarness } from '../../support/from-jira-harness.ts';

const FEB = 'worklogs/2026-02.jsonl';

async function fileAt(h: FromJiraHarness, path = FEB): Promise<Record<string, unknown>[]> {
  const text = await git(h.remote, ['show', `main:${path}`]).catch(() => '');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Jira → Tract over signed webhooks', function () {
  this.timeout(30_000);
  let h: FromJiraHarness;

  beforeEach(async () => {
    h = await startFromJiraHarness();
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('adds, updates in place and deletes a worklog with the documented commit subjects', async () => {
    const john = h.ui('john');
    const id = await john.create('APP-7', { started: '2026-02-14T09:00:00.000+0000', seconds: 7200, comment: 'Fixed bug' });
    await h.settle();
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Add worklog from Jira (APP-7, john.mcmullan, 2h)');
    const [added, ...none] = await fileAt(h);
    expect(none).to.deep.equal([]);
    expect(added).to.deep.include({ issue: 'APP-7', author: 'john.mcmullan', time: '2h', started: '2026-02-14T09:00:00.000+00:00', comment: 'Fixed bug', source: 'jira' });
    expect((added!.jira as { worklogId: string }).worklogId).to.equal(id);
    const author = (await git(h.remote, ['log', '-1', '--format=%an <%ae>', 'main'])).trim();
    expect(author).to.equal('tract-sync <tract-sync@localhost>');

    await john.update('APP-7', id, { seconds: 10800 });
    await h.settle();
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Update worklog from Jira (APP-7, john.mcmullan, 2h → 3h)');
    const updated = await fileAt(h);
    expect(updated).to.have.length(1);
    expect(updated[0]).to.deep.include({ id: added!.id, time: '3h', source: 'jira', comment: 'Fixed bug' });
    expect(updated[0]!.updated).to.be.a('string');

    await john.remove('APP-7', id);
    await h.settle();
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Delete worklog from Jira (APP-7, john.mcmullan, 3h)');
    const [tombstone, ...others] = await fileAt(h);
    expect(others).to.deep.equal([]);
    expect(tombstone).to.deep.include({ id: added!.id, time: '3h' });
    expect(tombstone!.deleted).to.be.a('string');
    expect(await gitLog(h.remote, 'main')).to.have.length(4);
  });

  it('writes an author outside the identity map under the stable fallback name', async () => {
    await h.ui('eve').create('APP-3', { started: '2026-02-14T09:00:00.000+0000', seconds: 1800 });
    await h.settle();
    const accountId = h.sim.control.state().users.find((u) => u.name === 'eve')!.accountId;
    expect((await gitLog(h.remote, 'main'))[0]).to.equal(`[tract-sync] Add worklog from Jira (APP-3, jira:${accountId}, 30m)`);
  });

  it('leaves git alone for worklogs on projects the repo does not claim', async () => {
    await h.ui('john').create('OPS-1', { started: '2026-02-14T09:00:00.000+0000', seconds: 3600 });
    await h.settle();
    expect(await gitLog(h.remote, 'main')).to.deep.equal(['Initial commit']);
    expect(h.outcomes).to.deep.equal(['accepted']);
  });

  it('rejects unsigned and wrongly signed deliveries with 401 and changes nothing', async () => {
    h.sim.control.registerWebhook({ name: 'wrong secret', url: `${h.appUrl}/webhook/jira`, events: ['worklog_created'], secret: 'not-the-secret' });
    h.sim.control.registerWebhook({ name: 'unsigned', url: `${h.appUrl}/webhook/jira`, events: ['worklog_created'] });
    const body = JSON.stringify({
      timestamp: Date.now(), webhookEvent: 'worklog_created',
      worklog: { self: `${h.sim.url}/rest/api/2/issue/10001/worklog/99999`, id: '99999', issueId: '10001' },
    });
    const forged = await fetch(`${h.appUrl}/webhook/jira`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': signJiraBody('guess', body) } });
    expect(forged.status).to.equal(401);

    await h.ui('john').create('APP-7', { started: '2026-02-14T09:00:00.000+0000', seconds: 7200 });
    await h.settle();
    const statuses = h.sim.control.webhookAttempts().map((a) => a.status).sort();
    expect(statuses).to.deep.equal([202, 401, 401]);
    expect(h.outcomes.filter((o) => o === 'unauthorized')).to.have.length(3);
    expect(await gitLog(h.remote, 'main')).to.have.length(2);
  });

  it('applies an event answered right before a crash once the controller starts again', async () => {
    await h.coalescer.stop();
    await h.ui('john').create('APP-9', { started: '2026-02-16T09:00:00.000+0000', seconds: 2700 });
    await h.sim.control.flushWebhooks();
    expect(h.sim.control.webhookAttempts().map((a) => a.status)).to.deep.equal([202]);
    expect(await gitLog(h.remote, 'main')).to.deep.equal(['Initial commit']);
    // The process dies here: nothing but the journal on disk survives.
    const inbox = await JiraEventInbox.open(join(h.stateDir, 'inbox'), { clock: { now: () => new Date() } });
    const coalescer = h.newCoalescer(inbox);
    coalescer.start();
    await coalescer.idle();
    await coalescer.stop();
    await inbox.close();
    expect(await gitLog(h.remote, 'main')).to.deep.equal(['[tract-sync] Add worklog from Jira (APP-9, john.mcmullan, 45m)', 'Initial commit']);
  });

  it('changes nothing the second time a delivery comes', async () => {
    h.sim.control.addWebhookFault({ action: { type: 'duplicate', copies: 2 } });
    const id = await h.ui('john').create('APP-7', { started: '2026-02-14T09:00:00.000+0000', seconds: 7200 });
    await h.settle();
    const attempts = h.sim.control.webhookAttempts();
    expect(attempts).to.have.length(3);
    expect(new Set(attempts.map((a) => a.identifier)).size).to.equal(1);
    expect(h.outcomes.sort()).to.deep.equal(['accepted', 'duplicate', 'duplicate']);
    const body = JSON.stringify({ webhookEvent: 'worklog_updated', worklog: { self: `${h.sim.url}/rest/api/2/issue/1/worklog/${id}`, id, issueId: '1' } });
    const replay = await fetch(`${h.appUrl}/webhook/jira`, {
      method: 'POST', body, headers: { 'X-Hub-Signature': signJiraBody(WEBHOOK_SECRET, body), 'X-Atlassian-Webhook-Identifier': attempts[0]!.identifier },
    });
    expect(replay.status).to.equal(200);
    await h.settle();
    expect(await gitLog(h.remote, 'main')).to.deep.equal(['[tract-sync] Add worklog from Jira (APP-7, john.mcmullan, 2h)', 'Initial commit']);
    expect(await fileAt(h)).to.have.length(1);
  });
});
