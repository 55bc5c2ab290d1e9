import { expect } from 'chai';
import { decodeWorklogFile } from '../../../shared/core/decode-worklog-file.ts';
import type { RequestRecord } from '../../../tools/jira-sim/request-log.ts';
import { git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { jiraWorklogsByTractId, makeRecords, pushRecords, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { ToJiraHarness } from '../../support/to-jira-harness.ts';

const WORKLOG_POST = /^\/rest\/api\/3\/issue\/[^/]+\/worklog$/;

/**
 * Splits the request log into batches as Jira sees them: a batch starts with the first request that
 * arrives 100 ms or more after the start of the previous batch and takes everything arriving before the
 * next 100 ms have passed. A batch can only be told from the log by its timing, so the property checked
 * is Jira's: no batch window holds more than 10 requests, and batch starts are 100 ms apart. (A request
 * delayed on its way by a busy machine still counts in the window it arrives in.)
 */
function batches(requests: readonly RequestRecord[]): RequestRecord[][] {
  const groups: RequestRecord[][] = [];
  for (const request of [...requests].sort((a, b) => a.startMs - b.startMs)) {
    const current = groups[groups.length - 1];
    if (current && request.startMs - current[0]!.startMs < 100) current.push(request);
    else groups.push([request]);
  }
  return groups;
}

describe('Tract → Jira: 100 worklogs pushed at once', function () {
  this.timeout(60_000);
  let h: ToJiraHarness;

  before(async () => {
    h = await startToJiraHarness();
    await pushRecords(h, makeRecords(100), { queued: true });
    await h.sim.clearRequests();
    const result = await h.sync();
    expect(result.created).to.equal(100);
    expect(result.failures).to.deep.equal([]);
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('creates exactly one Jira worklog per record, with the right shape', async () => {
    const byId = await jiraWorklogsByTractId(h.sim);
    expect(byId.size).to.equal(100);
    for (const record of makeRecords(100)) {
      const worklogs = byId.get(record.id) ?? [];
      expect(worklogs, record.id).to.have.length(1);
      expect(worklogs[0]!.issueKey).to.equal(record.issue);
      expect(worklogs[0]!.timeSpentSeconds).to.equal(7200);
      expect(worklogs[0]!.startedMs).to.equal(Date.parse(record.started));
      expect(worklogs[0]!.comment).to.equal(`[${record.author}] ${record.comment}`);
      expect(worklogs[0]!.properties['tract']).to.deep.equal({ id: record.id, repo: 'team-a/app', author: record.author });
    }
  });

  it('sends the creates in batches of at most 10, at least 100 ms apart', async () => {
    const requests = (await h.sim.requests()).filter((r) => r.path.startsWith('/rest/'));
    const creates = requests.filter((r) => r.method === 'POST' && WORKLOG_POST.test(r.path));
    expect(creates).to.have.length(100);
    expect(creates.every((r) => r.status === 201)).to.equal(true);
    // Every request to the site goes through the batches: the creates and the first pass's lookups.
    const groups = batches(requests);
    expect(groups.length).to.be.at.least(10);
    for (const group of groups) expect(group.length).to.be.at.most(10);
    for (let i = 1; i < groups.length; i += 1) {
      expect(groups[i]![0]!.startMs - groups[i - 1]![0]!.startMs, `gap before batch ${i}`).to.be.at.least(100);
    }
  });

  it('links every record in git and empties the queue in one write-back commit', async () => {
    const text = await git(h.remote, ['show', 'main:worklogs/2026-02.jsonl']);
    const decoded = decodeWorklogFile(text, 'worklogs/2026-02.jsonl');
    expect(decoded.problems).to.deep.equal([]);
    expect(decoded.lines).to.have.length(100);
    const jira = await jiraWorklogsByTractId(h.sim);
    for (const line of decoded.lines) expect(line.record.jira?.worklogId).to.equal(jira.get(line.record.id)![0]!.id);
    expect((await git(h.remote, ['ls-tree', '-r', '--name-only', 'main', '.tract/queue'])).trim()).to.equal('');
    const log = await gitLog(h.remote, 'main');
    expect(log[0]).to.equal('[tract-sync] Link 100 worklogs to Jira');
  });

  it('a second pass changes nothing', async () => {
    await h.sim.clearRequests();
    const result = await h.sync();
    expect(result).to.include({ created: 0, updated: 0, deleted: 0 });
    expect((await h.sim.requests()).filter((r) => r.method !== 'GET')).to.deep.equal([]);
    expect(result.writeBackCommit).to.equal(undefined);
  });
});
