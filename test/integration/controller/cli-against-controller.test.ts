/**
 * The CLI against the real controller and the Jira simulator (not the fake sync server): what `tract log`
 * tells a developer when the repository does not sync the issue's project.
 */
import { expect } from 'chai';
import { git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { TractSession, withoutIdLine } from '../cli/run-tract.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

describe('tract log against the real controller: a project outside spec.jira.projects', function () {
  this.timeout(60_000);
  let h: ControllerHarness;
  let tract: TractSession;

  before(async () => {
    h = await startControllerHarness({ repos: (remote) => [{ name: 'app', remote, spec: { jira: { projects: ['APP'] } } }] });
    await eventually(async () => ((await h.fetchJson<{ ready: string }>('/api/v1/repos/default/app')).body.ready === 'True' ? true : undefined));
    await git(h.dev, ['remote', 'set-url', 'origin', `file://${h.remote}`]);
    tract = new TractSession();
    const init = await tract.run(h.dev, ['init', '--author', 'john.mcmullan', '--sync-server', h.url]);
    expect(init.code, init.stderr).to.equal(0);
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('says the repository does not sync that project, and sends nothing to Jira', async () => {
    h.sim.control.clearRequests();
    const result = await tract.run(h.dev, ['log', 'OPS-3', '1h', 'Ops work']);
    expect(withoutIdLine(result.stdout), result.stderr).to.equal('✗ Sync error: Issue OPS-3 is in project OPS, which default/app does not sync (spec.jira.projects: APP)\n');
    expect(result.code).to.equal(2);
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract] Log 1h to OPS-3');
    expect(h.sim.control.requests().filter((r) => r.path.includes('OPS-3'))).to.deep.equal([]);
  });

  it("tract status lists each failed worklog with Jira's reason and the controller's next retry", async () => {
    const logged = await tract.run(h.dev, ['log', 'APP-9999', '2h']);
    expect(withoutIdLine(logged.stdout)).to.equal('✗ Sync error: Issue APP-9999 not found in Jira\n');
    const { body } = await h.fetchJson<{ errors: { worklogId: string; issue: string; nextRetryAt: string }[] }>('/api/v1/repos/default/app');
    const failed = body.errors.find((e) => e.issue === 'APP-9999')!;
    const status = await tract.run(h.dev, ['status']);
    expect(status.stdout).to.contain(`  ✗ ${failed.worklogId} APP-9999: Issue APP-9999 not found in Jira (IssueNotFound, next retry ${failed.nextRetryAt})\n`);
  });
});
