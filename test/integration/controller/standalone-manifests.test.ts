import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { commitFile, git, removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

interface RepoAnswer {
  ready: string;
  reason: string;
  message: string;
  suspended: boolean;
}

async function repoWhere(h: ControllerHarness, key: string, test: (repo: RepoAnswer) => boolean, what: string): Promise<RepoAnswer> {
  return eventually(async () => {
    const { status, body } = await h.fetchJson<RepoAnswer>(`/api/v1/repos/${key}`);
    return status === 200 && test(body) ? body : undefined;
  }, 20_000, what);
}

describe('controller, standalone: manifest reloads and dry runs', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    h = await startControllerHarness({ repos: (remote) => [{ name: 'app', remote, spec: { sync: { dryRun: true } } }] });
    await commitFile(h.dev, 'worklogs/2026-02.jsonl', `${JSON.stringify({ id: '0199c000-0000-7000-8000-000000000001', issue: 'APP-7', author: 'john.mcmullan', time: '1h', started: '2026-02-14T09:00:00.000+01:00' })}\n`, '[tract] Log 1h to APP-7');
    await git(h.dev, ['push', '--quiet', 'origin', 'main']);
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('a dry run reports the plan and writes nothing to Jira', async () => {
    await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' });
    const repo = await repoWhere(h, 'default/app', (r) => r.message.includes('would create 1'), 'the dry-run plan');
    expect(repo).to.include({ ready: 'True', reason: 'Succeeded', message: 'dry run: would create 1, update 0, delete 0 in Jira' });
    expect(h.sim.control.state().worklogs).to.deep.equal([]);
  });

  it('a reload (SIGHUP) applies a changed spec: dry run off syncs, suspend stops', async () => {
    h.manifest([{ name: 'app', remote: h.remote }]);
    expect(await h.ports.source.reload()).to.deep.equal([]);
    await repoWhere(h, 'default/app', (r) => r.ready === 'True' && r.message.includes('1 created'), 'the real sync');
    expect(h.sim.control.state().worklogs).to.have.length(1);
    h.manifest([{ name: 'app', remote: h.remote, spec: { suspend: true } }]);
    await h.ports.source.reload();
    const repo = await repoWhere(h, 'default/app', (r) => r.reason === 'Suspended', 'Suspended');
    expect(repo).to.include({ ready: 'False', suspended: true });
    expect((await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' })).status).to.equal(409);
  });

  it('a reload with a broken file keeps the TractRepos that run; one that removes a repo forgets it', async () => {
    writeFileSync(h.manifestPath, 'apiVersion: tract.dev/v1alpha1\nkind: TractRepo\nmetadata: {}\n');
    const problems = await h.ports.source.reload();
    expect(problems.map((p) => p.message)).to.deep.equal(['metadata.name is missing or invalid']);
    expect((await h.fetchJson('/api/v1/repos/default/app')).status).to.equal(200);
    h.manifest([{ name: 'other', remote: h.remote }]);
    expect(await h.ports.source.reload()).to.deep.equal([]);
    expect((await h.fetchJson('/api/v1/repos/default/app')).status).to.equal(404);
    await repoWhere(h, 'default/other', (r) => r.ready === 'True', 'the new repo Ready');
  });
});
