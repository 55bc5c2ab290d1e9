/**
 * The Jira feeds are site-wide: two TractRepos of one site reconciling at the same time read each feed
 * page and the worklogs once between them (FeedReads), and each still gets every change it claims.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { reconcileFromJira } from '../../../controller/from-jira/reconcile-from-jira.ts';
import { RepoStateStore } from '../../../controller/state/repo-state-store.ts';
import { GitRepository } from '../../../shared/git/git-repository.ts';
import { git, gitTestEnv, makeBareRemote, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { startFromJiraHarness } from '../../support/from-jira-harness.ts';
import type { FromJiraHarness } from '../../support/from-jira-harness.ts';

async function worklogIdsInGit(remote: string): Promise<string[]> {
  const text = await git(remote, ['show', 'main:worklogs/2026-02.jsonl']);
  return text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { jira: { worklogId: string } }).jira.worklogId).sort();
}

describe('Jira → Tract: the repos of a site share their feed reads', function () {
  this.timeout(60_000);
  let h: FromJiraHarness;

  before(async () => {
    h = await startFromJiraHarness();
    // Every delivery lost: only the feeds can bring these to git.
    h.sim.control.addWebhookFault({ probability: 1, action: { type: 'drop' } });
    for (let i = 1; i <= 12; i += 1) {
      await h.ui('john').create(`APP-${i}`, { started: `2026-02-${String(i + 1).padStart(2, '0')}T09:00:00.000+0000`, seconds: 3600, comment: `work ${i}` });
    }
    await h.settle();
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('two repos reconciling together, cursors apart: one request per feed page and one worklog read; both get all 12', async () => {
    const otherRemote = await makeBareRemote();
    const otherClone = await GitRepository.clone(otherRemote, join(tempDir('tract-controller-'), 'clone'), 'main', { env: gitTestEnv(), isolateConfig: true });
    const other = { ...h.deps, git: otherClone, store: new RepoStateStore(join(tempDir('tract-state-'), 'default', 'other')) };
    // Cursors 20 s apart in the same minute, before the worklogs were made: the reads still line up.
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
    await h.deps.store.save({ ...(await h.deps.store.load()), jiraCursor: minute + 10_000 });
    await other.store.save({ ...(await other.store.load()), jiraCursor: minute + 30_000 });
    const [last] = h.sim.control.requests().slice(-1);

    const [first, second] = await Promise.all([h.reconcile(), reconcileFromJira({ ...h.config, repo: 'default/other' }, other)]);

    const feedReads = h.sim.control.requests(last?.seq).filter((r) => /\/worklog\/(updated|deleted|list)$/.test(r.path));
    expect(feedReads.map((r) => `${r.method} ${r.path.replace(/^\/rest\/api\/\d/, '')}`).sort()).to.deep.equal([
      'GET /worklog/deleted',
      'GET /worklog/updated',
      'POST /worklog/list',
    ]);
    expect(first.read).to.deep.equal({ updated: 12, deleted: 0 });
    expect(second.read).to.deep.equal(first.read);
    const jiraIds = h.sim.control.state().worklogs.map((w) => w.id).sort();
    expect(await worklogIdsInGit(h.remote)).to.deep.equal(jiraIds);
    expect(await worklogIdsInGit(otherRemote)).to.deep.equal(jiraIds);
  });
});
