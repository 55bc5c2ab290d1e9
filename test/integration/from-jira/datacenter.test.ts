import { expect } from 'chai';
import { encodeWorklogRecord } from '../../../shared/core/encode-worklog-record.ts';
import { commitFile, git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { startFromJiraHarness } from '../../support/from-jira-harness.ts';
import type { FromJiraHarness } from '../../support/from-jira-harness.ts';

const FEB = 'worklogs/2026-02.jsonl';

describe('Jira Data Center → Tract (v2 payloads, name-based users, personal access tokens)', function () {
  this.timeout(30_000);
  let h: FromJiraHarness;

  beforeEach(async () => {
    h = await startFromJiraHarness({ sim: { flavor: 'datacenter' } });
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('maps Data Center user names through the identity map, with the fallback for others', async () => {
    await h.ui('john').create('APP-4', { started: '2026-02-14T09:00:00.000+0000', seconds: 3600, comment: 'DC work' });
    await h.settle();
    await h.ui('eve').create('APP-4', { started: '2026-02-15T09:00:00.000+0000', seconds: 2700 });
    await h.settle();
    expect((await gitLog(h.remote, 'main')).slice(0, 2)).to.deep.equal([
      '[tract-sync] Add worklog from Jira (APP-4, jira:eve, 45m)',
      '[tract-sync] Add worklog from Jira (APP-4, john.mcmullan, 1h)',
    ]);
    const [john] = (await git(h.remote, ['show', `main:${FEB}`])).split('\n').map((l) => JSON.parse(l || '{}') as Record<string, unknown>);
    // The author's Jira zone (Europe/London) is GMT in February.
    expect(john).to.deep.include({ author: 'john.mcmullan', started: '2026-02-14T09:00:00.000+00:00', comment: 'DC work', source: 'jira' });
  });

  it('recognises its own writes and reconciles through the v2 feeds', async () => {
    const record = { id: '0199a000-0000-7000-8000-0000000000dc', issue: 'APP-6', author: 'sarah.jones', time: '1.5h', started: '2026-02-10T14:00:00.000-05:00', comment: 'on behalf' };
    await commitFile(h.dev, FEB, `${encodeWorklogRecord(record)}\n`, '[tract] Log 1.5h to APP-6');
    await git(h.dev, ['push', '--quiet', 'origin', 'main']);
    expect((await h.syncToJira()).created).to.equal(1);
    await h.settle();
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Link 1 worklog to Jira');
    const jiraWorklog = h.sim.control.state().worklogs[0]!;
    expect(jiraWorklog).to.deep.include({ author: 'tract-sync@example.com', comment: '[sarah.jones] on behalf' });

    h.sim.control.addWebhookFault({ action: { type: 'drop' } });
    await h.ui('john').update('APP-6', jiraWorklog.id, { seconds: 7200 });
    await h.settle();
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Link 1 worklog to Jira');
    const result = await h.reconcile();
    expect(result.applied.map((a) => [a.op, a.author, a.fromTime, a.time])).to.deep.equal([['update', 'sarah.jones', '1.5h', '2h']]);
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Update worklog from Jira (APP-6, sarah.jones, 1.5h → 2h)');
    const line = JSON.parse((await git(h.remote, ['show', `main:${FEB}`])).trim()) as Record<string, unknown>;
    expect(line).to.deep.include({ id: record.id, comment: 'on behalf', started: record.started, time: '2h' });
  });
});
