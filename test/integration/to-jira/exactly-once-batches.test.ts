import { expect } from 'chai';
import { decodeWorklogFile } from '../../../shared/core/decode-worklog-file.ts';
import { git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { jiraWorklogsByTractId, makeRecords, pushRecords, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { ToJiraHarness } from '../../support/to-jira-harness.ts';

const WORKLOG_POST = /^\/rest\/api\/3\/issue\/[^/]+\/worklog$/;

/**
 * Whether Jira's arrival times can be cut into consecutive batches of at most 10 whose first requests
 * arrived at least 100 ms apart: the promise as Jira sees it, checked on the simulator's raw arrival
 * times without guessing where a batch ends (a batch cannot be told from the log but by its timing). From
 * the last request back: a batch can start at request i when one of the next 10 requests (or the end) is
 * a later batch start that arrived 100 ms or more after request i.
 */
function cutIntoBatches(arrivals: readonly number[]): boolean {
  const n = arrivals.length;
  const canStart: boolean[] = Array<boolean>(n + 1).fill(false);
  canStart[n] = true;
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let next = i + 1; next <= Math.min(i + 10, n) && !canStart[i]; next += 1) {
      canStart[i] = canStart[next]! && (next === n || arrivals[next]! - arrivals[i]! >= 100);
    }
  }
  return canStart[0]!;
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
    const arrivals = requests.map((r) => r.startMs).sort((a, b) => a - b);
    const first = arrivals[0]!;
    expect(cutIntoBatches(arrivals), `arrivals (ms after the first): ${arrivals.map((t) => (t - first).toFixed(1)).join(' ')}`).to.equal(true);
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
