import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitFile, git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

interface WorklogAnswer {
  id: string;
  repo: string;
  issue: string;
  state: string;
  jira: { worklogId: string; issueId: string } | null;
  error: { reason: string; message: string } | null;
}

interface RepoAnswer {
  ready: string;
  reason: string;
  message: string;
  pending: number;
  failed: number;
  lastSyncedCommit: string | null;
  webhookPath: string;
  conditions: { type: string; status: string; reason: string }[];
  errors: { worklogId: string; reason: string; message: string }[];
}

const ID_A = '0199a000-0000-7000-8000-00000000000a';
const ID_B = '0199a000-0000-7000-8000-00000000000b';

function line(id: string, issue: string, time = '2h'): string {
  return `${JSON.stringify({ id, issue, author: 'john.mcmullan', time, started: '2026-02-14T09:00:00.000+01:00', comment: 'Fixed bug' })}\n`;
}

async function pushLines(h: ControllerHarness, text: string, message: string): Promise<void> {
  await git(h.dev, ['pull', '--quiet', '--rebase']);
  const existing = await git(h.dev, ['show', 'HEAD:worklogs/2026-02.jsonl']).catch(() => '');
  await commitFile(h.dev, 'worklogs/2026-02.jsonl', existing + text, message);
  await git(h.dev, ['push', '--quiet', 'origin', 'main']);
}

async function settledState(h: ControllerHarness, id: string): Promise<WorklogAnswer> {
  return eventually(async () => {
    const { status, body } = await h.fetchJson<WorklogAnswer>(`/api/v1/worklogs/${id}`);
    return status === 200 && body.state !== 'pending' ? body : undefined;
  }, 20_000, `worklog ${id} to settle`);
}

describe('controller, standalone: Tract → Jira through the API', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    h = await startControllerHarness();
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('syncs a pushed worklog after POST /sync and answers synced with its Jira link', async () => {
    await pushLines(h, line(ID_A, 'APP-1234'), '[tract] Log 2h to APP-1234');
    const { status, body } = await h.fetchJson<{ accepted: boolean; repo: string }>('/api/v1/repos/default/app/sync', { method: 'POST' });
    expect(status).to.equal(202);
    expect(body).to.deep.equal({ accepted: true, repo: 'default/app' });
    const state = await settledState(h, ID_A);
    expect(state).to.include({ id: ID_A, repo: 'default/app', issue: 'APP-1234', state: 'synced' });
    const inJira = h.sim.control.state().worklogs.filter((w) => (w.properties.tract as { id?: string } | undefined)?.id === ID_A);
    expect(inJira).to.have.length(1);
    expect(state.jira?.worklogId).to.equal(inJira[0]!.id);
    expect(inJira[0]).to.include({ issueKey: 'APP-1234', timeSpentSeconds: 7200, author: 'tract-sync@example.com' });
    expect((await gitLog(h.remote, 'main'))[0]).to.equal('[tract-sync] Link 1 worklog to Jira');
  });

  it('reports the repo Ready with its last synced commit, in the API and the status file', async () => {
    const repo = await eventually(async () => {
      const { body } = await h.fetchJson<RepoAnswer>('/api/v1/repos/default/app');
      return body.ready === 'True' ? body : undefined;
    });
    expect(repo.reason).to.equal('Succeeded');
    expect(repo.lastSyncedCommit).to.equal((await git(h.remote, ['rev-parse', 'main'])).trim());
    expect(repo.webhookPath).to.equal('/webhook/jira/default/app');
    const status = JSON.parse(readFileSync(join(h.stateDir, 'default', 'app', 'status.json'), 'utf8')) as { observedGeneration: number; conditions: { type: string }[] };
    expect(status.observedGeneration).to.equal(1);
    expect(status.conditions.map((c) => c.type)).to.deep.equal(['Ready']);
  });

  it("fails a worklog on an unknown issue with Jira's message; the repo stays Ready and counts it (PartialSync)", async () => {
    await pushLines(h, line(ID_B, 'APP-9999'), '[tract] Log 2h to APP-9999');
    await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' });
    const state = await settledState(h, ID_B);
    expect(state.state).to.equal('failed');
    expect(state.error).to.deep.equal({ reason: 'IssueNotFound', message: 'Issue APP-9999 not found in Jira' });
    const { body: repo } = await h.fetchJson<RepoAnswer>('/api/v1/repos/default/app');
    expect(repo).to.include({ ready: 'True', reason: 'Succeeded', failed: 1 });
    expect(repo.errors.map((e) => [e.worklogId, e.reason])).to.deep.equal([[ID_B, 'IssueNotFound']]);
    expect(repo.conditions.find((c) => c.type === 'JiraSyncFailed')).to.include({ status: 'True', reason: 'PartialSync' });
  });

  it('answers 404 for records it has not seen and repos it does not manage', async () => {
    expect((await h.fetchJson('/api/v1/worklogs/0199ffff-0000-7000-8000-000000000000')).status).to.equal(404);
    const missing = await h.fetchJson<{ error: { reason: string } }>('/api/v1/repos/team-x/nope');
    expect(missing.status).to.equal(404);
    expect(missing.body.error.reason).to.equal('NotFound');
    expect((await h.fetchJson('/api/v1/repos/team-x/nope/sync', { method: 'POST' })).status).to.equal(404);
  });
});
