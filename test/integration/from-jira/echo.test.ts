import { expect } from 'chai';
import { encodeWorklogRecord } from '../../../shared/core/encode-worklog-record.ts';
import { commitFile, git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { startFromJiraHarness } from '../../support/from-jira-harness.ts';
import { basicAuth } from '../../support/jira-sim.ts';
import type { FromJiraHarness } from '../../support/from-jira-harness.ts';

const FEB = 'worklogs/2026-02.jsonl';
const RECORD = {
  id: '0199a000-0000-7000-8000-000000000001', issue: 'APP-5', author: 'john.mcmullan', time: '2h',
  started: '2026-02-14T09:00:00.000+01:00', comment: 'Fixed bug',
};

describe('Jira → Tract: echoes of Tract\'s own writes', function () {
  this.timeout(30_000);
  let h: FromJiraHarness;

  beforeEach(async () => {
    h = await startFromJiraHarness();
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('commits nothing when the webhook of a worklog Tract created or edited comes back', async () => {
    await commitFile(h.dev, FEB, `${encodeWorklogRecord(RECORD)}\n`, '[tract] Log 2h to APP-5');
    await git(h.dev, ['push', '--quiet', 'origin', 'main']);
    const created = await h.syncToJira();
    expect(created.created).to.equal(1);
    await h.settle();
    expect(h.outcomes).to.deep.equal(['accepted']);
    expect(await gitLog(h.remote, 'main')).to.deep.equal(['[tract-sync] Link 1 worklog to Jira', '[tract] Log 2h to APP-5', 'Initial commit']);

    await git(h.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
    const linked = (await git(h.dev, ['show', `HEAD:${FEB}`])).trim();
    await commitFile(h.dev, FEB, `${linked.replace('"time":"2h"', '"time":"3h"')}\n`, '[tract] Edit worklog on APP-5 (2h → 3h)');
    await git(h.dev, ['push', '--quiet', 'origin', 'main']);
    expect((await h.syncToJira()).updated).to.equal(1);
    await h.settle();
    expect(h.outcomes).to.deep.equal(['accepted', 'accepted']);
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract] Edit worklog on APP-5 (2h → 3h)');

    const reconciled = await h.reconcile();
    expect(reconciled.commit).to.equal(undefined);
    expect(reconciled.skipped.map((s) => s.reason)).to.deep.equal(['echo']);
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract] Edit worklog on APP-5 (2h → 3h)');
  });

  it('never sends a Jira-side change back to Jira', async () => {
    const id = await h.ui('sarah').create('APP-2', { started: '2026-02-14T15:00:00.000+0000', seconds: 5400, comment: 'Review\nsecond line' });
    await h.settle();
    await h.ui('sarah').update('APP-2', id, { comment: 'Review, edited' });
    await h.settle();
    expect((await gitLog(h.remote, 'main')).slice(0, 2)).to.deep.equal([
      '[tract-sync] Update worklog from Jira (APP-2, sarah.jones, 1.5h → 1.5h)',
      '[tract-sync] Add worklog from Jira (APP-2, sarah.jones, 1.5h)',
    ]);
    h.sim.control.clearRequests();
    const pass = await h.syncToJira();
    expect(pass).to.include({ created: 0, updated: 0, deleted: 0 });
    expect(h.sim.control.requests().filter((r) => r.method !== 'GET' && r.path.startsWith('/rest/'))).to.deep.equal([]);
    const record = JSON.parse((await git(h.remote, ['show', `main:${FEB}`])).trim()) as Record<string, unknown>;
    expect(record).to.deep.include({ author: 'sarah.jones', comment: 'Review, edited', started: '2026-02-14T10:00:00.000-05:00' });
  });

  it('edits of a worklog logged in Jira never add an [author] prefix nor bring an echo commit back', async () => {
    const comment = 'Café ☕ review\nsecond line';
    const worklogId = await h.ui('john').create('APP-3', { started: '2026-02-14T15:00:00.000+0000', seconds: 3600, comment });
    await h.settle();
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Add worklog from Jira (APP-3, john.mcmullan, 1h)');
    for (const time of ['3h', '4h']) {
      await git(h.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
      const current = (await git(h.dev, ['show', `HEAD:${FEB}`])).trim();
      await commitFile(h.dev, FEB, `${current.replace(/"time":"[^"]+"/, `"time":"${time}"`)}\n`, `[tract] Edit worklog on APP-3 (→ ${time})`);
      await git(h.dev, ['push', '--quiet', 'origin', 'main']);
      expect((await h.syncToJira()).updated).to.equal(1);
      await h.settle();
      expect((await gitLog(h.remote, 'main'))[0]).to.equal(`[tract] Edit worklog on APP-3 (→ ${time})`);
      const answer = await fetch(`${h.sim.url}/rest/api/2/issue/APP-3/worklog/${worklogId}`, { headers: { authorization: basicAuth('john.mcmullan@example.com') } });
      expect(((await answer.json()) as { comment: string }).comment, 'the comment in Jira').to.equal(comment);
      expect(JSON.parse((await git(h.remote, ['show', `main:${FEB}`])).trim())).to.include({ comment, time });
    }
  });

  it('heals a comment an older Tract prefixed on each edit: git gets it without the prefixes', async () => {
    await h.ui('john').create('APP-4', { started: '2026-02-14T15:00:00.000+0000', seconds: 3600, comment: '[john.mcmullan] [john.mcmullan] Fixed bug' });
    await h.settle();
    expect(JSON.parse((await git(h.remote, ['show', `main:${FEB}`])).trim())).to.include({ comment: 'Fixed bug' });
  });

  it('marks a record deleted in git (a tombstone) when its worklog is deleted in Jira, without deleting anything else', async () => {
    await commitFile(h.dev, FEB, `${encodeWorklogRecord(RECORD)}\n`, '[tract] Log 2h to APP-5');
    await git(h.dev, ['push', '--quiet', 'origin', 'main']);
    await h.syncToJira();
    await h.settle();
    const worklogId = h.sim.control.state().worklogs[0]!.id;
    await h.ui('sync').remove('APP-5', worklogId);
    await h.settle();
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Delete worklog from Jira (APP-5, john.mcmullan, 2h)');
    const tombstone = JSON.parse((await git(h.remote, ['show', `main:${FEB}`])).trim()) as Record<string, unknown>;
    expect(tombstone).to.deep.include({ id: RECORD.id, issue: 'APP-5', time: '2h' });
    expect(tombstone.deleted).to.be.a('string').and.equal(tombstone.updated);
    h.sim.control.clearRequests();
    expect(await h.syncToJira()).to.include({ created: 0, deleted: 0 });
  });
});
