/**
 * A git edit of a worklog logged in Jira survives the feed reconciliation that follows it on the real
 * controller (docs/from-jira.md "Round trips"): the feed reads shared within 30 s must not hand the repo
 * a worklog as it was before its own write, which would undo the edit in git.
 */
import { expect } from 'chai';
import { basicAuth, DEMO_TOKEN } from '../../support/jira-sim.ts';
import { commitFile, git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

const FILE = 'worklogs/2026-02.jsonl';

describe('controller, standalone: a git edit and the feed reconciliation after it', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    // No Jira webhook: the feeds, read at every pass (each second), carry every Jira change.
    h = await startControllerHarness({ repos: (remote) => [{ name: 'app', remote, spec: { jira: { reconcileInterval: '1s' } } }] });
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  async function lastSyncTime(): Promise<string> {
    return (await h.fetchJson<{ lastSyncTime: string }>('/api/v1/repos/default/app')).body.lastSyncTime;
  }

  it('keeps the edit: Jira takes it, and later feed passes commit nothing', async () => {
    const created = await fetch(`${h.sim.url}/rest/api/2/issue/APP-30/worklog`, {
      method: 'POST',
      headers: { authorization: basicAuth('john.mcmullan@example.com', DEMO_TOKEN), 'content-type': 'application/json' },
      body: JSON.stringify({ started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: 3600, comment: 'Review' }),
    });
    const worklogId = ((await created.json()) as { id: string }).id;
    await eventually(async () => ((await gitLog(h.remote, 'main'))[0] === '[tract-sync] Add worklog from Jira (APP-30, john.mcmullan, 1h)' ? true : undefined), 20_000, 'the line from Jira');
    await git(h.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
    const line = (await git(h.dev, ['show', `HEAD:${FILE}`])).trim();
    await commitFile(h.dev, FILE, `${line.replace('"time":"1h"', '"time":"3h"')}\n`, '[tract] Edit worklog on APP-30 (1h → 3h)');
    await git(h.dev, ['push', '--quiet', 'origin', 'main']);
    await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' });
    await eventually(() => (h.sim.control.state().worklogs.find((w) => String(w.id) === worklogId)?.timeSpentSeconds === 10_800 ? true : undefined), 20_000, 'the edit in Jira');
    const seen = new Set([await lastSyncTime()]);
    await eventually(async () => (seen.add(await lastSyncTime()).size >= 3 ? true : undefined), 20_000, 'two more passes');
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract] Edit worklog on APP-30 (1h → 3h)');
    expect(JSON.parse((await git(h.remote, ['show', `main:${FILE}`])).trim())).to.include({ time: '3h' });
    expect(h.sim.control.state().worklogs.find((w) => String(w.id) === worklogId)?.timeSpentSeconds).to.equal(10_800);
  });
});
