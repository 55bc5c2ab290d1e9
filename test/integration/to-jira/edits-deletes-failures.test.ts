import { expect } from 'chai';
import { decodeWorklogFile } from '../../../shared/core/decode-worklog-file.ts';
import { encodeWorklogRecord } from '../../../shared/core/encode-worklog-record.ts';
import type { WorklogRecord } from '../../../shared/core/worklog-record.ts';
import { git, gitLog, removeTempDirs, writeRepoFile } from '../../support/git-fixtures.ts';
import { jiraWorklogsByTractId, makeRecords, pushRecords, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { ToJiraHarness } from '../../support/to-jira-harness.ts';

const FILE = 'worklogs/2026-02.jsonl';

/** Pulls the controller's write-back into the developer's clone and returns its records by id. */
async function pullRecords(h: ToJiraHarness): Promise<Map<string, WorklogRecord>> {
  await git(h.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
  const decoded = decodeWorklogFile(await git(h.dev, ['show', `HEAD:${FILE}`]), FILE);
  return new Map(decoded.lines.map((line) => [line.record.id, line.record]));
}

/** Rewrites the month file in the developer's clone with `edit` applied to every record, commits and pushes. */
async function editAndPush(h: ToJiraHarness, edit: (record: WorklogRecord) => WorklogRecord | undefined, message: string): Promise<void> {
  const records = [...(await pullRecords(h)).values()];
  writeRepoFile(h.dev, FILE, records.flatMap((r) => { const e = edit(r); return e ? [`${encodeWorklogRecord(e)}\n`] : []; }).join(''));
  await git(h.dev, ['commit', '--quiet', '-am', message]);
  await git(h.dev, ['push', '--quiet', 'origin', 'main']);
}

describe('Tract → Jira: edits, deletions and per-record failures', function () {
  this.timeout(60_000);
  let h: ToJiraHarness;
  const [a, b, c, d] = makeRecords(4);

  beforeEach(async () => {
    h = await startToJiraHarness();
    await pushRecords(h, [a!, b!, c!, d!]);
    expect((await h.sync()).created).to.equal(4);
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('time, comment and start edits reach the same Jira worklog', async () => {
    const before = await jiraWorklogsByTractId(h.sim);
    await editAndPush(h, (r) => {
      if (r.id === a!.id) return { ...r, time: '3h' };
      if (r.id === b!.id) return { ...r, comment: 'Fixed the bug for real' };
      if (r.id === c!.id) return { ...r, started: '2026-02-20T14:30:00.000+01:00' };
      return r;
    }, 'edit three worklogs');
    const result = await h.sync();
    expect(result).to.include({ updated: 3, created: 0, deleted: 0 });
    const after = await jiraWorklogsByTractId(h.sim);
    expect(after.get(a!.id)![0]!.timeSpentSeconds).to.equal(10_800);
    expect(after.get(b!.id)![0]!.comment).to.equal(`[${b!.author}] Fixed the bug for real`);
    expect(after.get(c!.id)![0]!.startedMs).to.equal(Date.parse('2026-02-20T14:30:00.000+01:00'));
    for (const r of [a!, b!, c!]) expect(after.get(r.id)![0]!.id).to.equal(before.get(r.id)![0]!.id);
    expect((await h.sync()).updated, 'a second pass sends nothing').to.equal(0);
  });

  it('a changed issue key moves the worklog to the new issue', async () => {
    await editAndPush(h, (r) => (r.id === a!.id ? { ...r, issue: 'APP-42' } : r), 'move to APP-42');
    expect((await h.sync()).updated).to.equal(1);
    const moved = (await jiraWorklogsByTractId(h.sim)).get(a!.id)!;
    expect(moved).to.have.length(1);
    expect(moved[0]!.issueKey).to.equal('APP-42');
    const records = await pullRecords(h);
    expect(records.get(a!.id)!.jira!.worklogId).to.equal(moved[0]!.id);
  });

  it('a tombstone deletes the Jira worklog, once', async () => {
    const at = '2026-02-20T10:00:00.000Z';
    await editAndPush(h, (r) => (r.id === d!.id ? { ...r, updated: at, deleted: at } : r), 'Delete worklog');
    expect((await h.sync()).deleted).to.equal(1);
    const jira = await jiraWorklogsByTractId(h.sim);
    expect(jira.has(d!.id)).to.equal(false);
    expect(jira.size).to.equal(3);
    expect((await h.sync()).plan.remove).to.equal(0);
  });

  it('a line removed by hand (no tombstone) deletes nothing in Jira and is reported missing', async () => {
    await editAndPush(h, (r) => (r.id === d!.id ? undefined : r), 'Remove incorrect worklog');
    const result = await h.sync();
    expect(result.deleted).to.equal(0);
    expect(result.missing.map((m) => m.id)).to.deep.equal([d!.id]);
    expect((await jiraWorklogsByTractId(h.sim)).has(d!.id)).to.equal(true);
  });

  it('an author missing from the identity map fails that record only, never re-attributed', async () => {
    const stranger = makeRecords(1, () => ({ id: '0199a000-0000-7000-8000-0000000000a1', author: 'mallory', started: '2026-02-21T09:00:00.000+01:00' }))[0]!;
    await pushRecords(h, [stranger]);
    const result = await h.sync();
    expect(result.created).to.equal(0);
    expect(result.failures.map(({ since: _s, nextRetryAt: _n, ...rest }) => rest)).to.deep.equal([{
      id: stranger.id, issue: stranger.issue, author: 'mallory', file: FILE, reason: 'UnknownAuthor',
      message: 'Author mallory is not in the identity map of team-a/app: add them to spec.authors', scope: 'author', attempt: 1,
    }]);
    expect((await jiraWorklogsByTractId(h.sim)).has(stranger.id)).to.equal(false);
  });

  it('an unknown issue fails that record only; its queue file stays, the others sync', async () => {
    const bad = makeRecords(1, () => ({ id: '0199a000-0000-7000-8000-00000000bad1', issue: 'APP-9999' }))[0]!;
    const good = makeRecords(6)[5]!;
    await pushRecords(h, [bad, good], { queued: true });
    const result = await h.sync();
    expect(result.created).to.equal(1);
    expect(result.failures.map(({ since: _s, nextRetryAt: _n, ...rest }) => rest)).to.deep.equal([
      { id: bad.id, issue: 'APP-9999', author: bad.author, file: FILE, reason: 'IssueNotFound', message: 'Issue APP-9999 not found in Jira', scope: 'record', attempt: 1 },
    ]);
    const queue = (await git(h.remote, ['ls-tree', '-r', '--name-only', 'main', '.tract/queue/worklogs'])).trim().split('\n');
    expect(queue).to.have.length(1);
    expect(JSON.parse(await git(h.remote, ['show', `main:${queue[0]}`])).worklogId).to.equal(bad.id);
    expect((await jiraWorklogsByTractId(h.sim)).has(good.id)).to.equal(true);
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Link 1 worklog to Jira');

    const retry = await h.sync();
    expect(retry.plan.create, 'not retried until the record changes').to.equal(0);
    expect(retry.failures.map((f) => f.message)).to.deep.equal(['Issue APP-9999 not found in Jira']);

    await editAndPush(h, (r) => (r.id === bad.id ? { ...r, issue: 'APP-9' } : r), 'fix ticket ID');
    expect((await h.sync()).created).to.equal(1);
    expect((await git(h.remote, ['ls-tree', '-r', '--name-only', 'main', '.tract/queue/worklogs'])).trim()).to.equal('');
  });
});
