import { expect } from 'chai';
import { collectRecords } from '../../../shared/core/collect-records.ts';
import { decodeWorklogFile } from '../../../shared/core/decode-worklog-file.ts';
import { parseDuration } from '../../../shared/core/parse-duration.ts';
import { git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { startFromJiraHarness } from '../../support/from-jira-harness.ts';
import type { FromJiraHarness, UserName } from '../../support/from-jira-harness.ts';

interface Shape {
  worklogId: string;
  issue: string;
  seconds: number;
  startedMs: number;
  comment: string;
}

async function gitShapes(h: FromJiraHarness): Promise<Shape[]> {
  const paths = (await git(h.remote, ['ls-tree', '-r', '--name-only', 'main', 'worklogs'])).split('\n').filter(Boolean);
  const files = await Promise.all(paths.map(async (path) => decodeWorklogFile(await git(h.remote, ['show', `main:${path}`]), path)));
  const set = collectRecords(files);
  expect(set.problems).to.deep.equal([]);
  return set.records.map(({ record }) => ({
    worklogId: record.jira?.worklogId ?? `unlinked ${record.id}`,
    issue: record.issue,
    seconds: parseDuration(record.time),
    startedMs: Date.parse(record.started),
    comment: record.comment ?? '',
  })).sort((a, b) => Number(a.worklogId) - Number(b.worklogId));
}

function jiraShapes(h: FromJiraHarness): Shape[] {
  return h.sim.control.state().worklogs
    .filter((w) => w.issueKey.startsWith('APP-'))
    .map((w) => ({ worklogId: w.id, issue: w.issueKey, seconds: w.timeSpentSeconds, startedMs: w.startedMs, comment: w.comment ?? '' }))
    .sort((a, b) => Number(a.worklogId) - Number(b.worklogId));
}

const USERS: UserName[] = ['john', 'sarah', 'eve'];

/** 30 creates (some on the unclaimed OPS project), then updates, a move to another month, and deletes. */
async function changeJira(h: FromJiraHarness): Promise<void> {
  const created: { issue: string; id: string; user: UserName }[] = [];
  for (let i = 0; i < 30; i += 1) {
    const user = USERS[i % 3]!;
    const issue = i % 10 === 9 ? `OPS-${(i % 5) + 1}` : `APP-${(i % 20) + 1}`;
    const month = i % 2 === 0 ? '01' : '02';
    const started = `2026-${month}-${String((i % 27) + 1).padStart(2, '0')}T${String(8 + (i % 9)).padStart(2, '0')}:00:00.000+0000`;
    created.push({ issue, user, id: await h.ui(user).create(issue, { started, seconds: 1800 * ((i % 6) + 1), comment: `work ${i}` }) });
  }
  for (const [index, c] of created.entries()) {
    if (index % 4 === 1) await h.ui(c.user).update(c.issue, c.id, { seconds: 9000, comment: `edited ${index}` });
    if (index % 7 === 3) await h.ui(c.user).update(c.issue, c.id, { started: '2026-03-02T10:00:00.000+0000' });
    if (index % 5 === 2) await h.ui(c.user).remove(c.issue, c.id);
  }
}

describe('Jira → Tract: reconciliation heals missed webhooks', function () {
  this.timeout(60_000);
  let h: FromJiraHarness;

  before(async () => {
    h = await startFromJiraHarness();
    h.sim.control.addWebhookFault({ probability: 0.3, action: { type: 'drop' } });
    await changeJira(h);
    await h.settle();
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('misses changes while 30 % of deliveries are dropped', async () => {
    const delivered = h.sim.control.webhookAttempts().length;
    expect(delivered).to.be.below(30 + 10 + 5 + 6);
    expect(await gitShapes(h)).to.not.deep.equal(jiraShapes(h));
  });

  it('brings git to exactly Jira\'s state, authors mapped', async () => {
    const result = await h.reconcile();
    expect(result.problems).to.deep.equal([]);
    expect(await gitShapes(h)).to.deep.equal(jiraShapes(h));
    const eve = h.sim.control.state().users.find((u) => u.name === 'eve')!.accountId;
    const authors = new Set((await git(h.remote, ['show', 'main:worklogs/2026-01.jsonl'])).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { author: string }).author));
    expect([...authors].sort()).to.deep.equal([`jira:${eve}`, 'john.mcmullan', 'sarah.jones']);
    expect(result.cursor).to.be.above(0);
  });

  it('changes nothing when run again', async () => {
    const before = await gitLog(h.remote, 'main');
    const again = await h.reconcile();
    expect(again.commit).to.equal(undefined);
    expect(again.applied).to.deep.equal([]);
    expect(await gitLog(h.remote, 'main')).to.deep.equal(before);
  });
});
