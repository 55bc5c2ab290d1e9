/**
 * A Jira worklog that duplicates a synced record (same ticket, same author, same time; docs/from-jira.md "Duplicates"): the
 * real controller discards it in Jira by default and reports it, in both orders; with
 * `spec.sync.duplicates: Report` it is left in Jira and reported (docs/from-jira.md "Duplicates").
 */
import { expect } from 'chai';
import { basicAuth, DEMO_TOKEN } from '../../support/jira-sim.ts';
import { commitFile, git, removeTempDirs } from '../../support/git-fixtures.ts';
import { TractSession } from '../cli/run-tract.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

const SECRET = 'jira-hook-secret';

interface RepoAnswer {
  ready: string;
  jiraDuplicates: { worklogId: string; action: string; message: string }[];
  events: { type: string; reason: string; message: string }[];
}

async function start(spec: Record<string, unknown> = {}): Promise<ControllerHarness> {
  const h = await startControllerHarness({
    env: { TRACT_SECRET_HOOKS_JIRASECRET: SECRET },
    repos: (remote) => [{ name: 'app', remote, spec: { webhook: { secretRef: { name: 'hooks' } }, ...spec } }],
  });
  h.sim.control.registerWebhook({ name: 'tract', url: `${h.url}/webhook/jira`, events: ['worklog_created', 'worklog_updated', 'worklog_deleted'], secret: SECRET });
  await eventually(async () => ((await h.fetchJson<RepoAnswer>('/api/v1/repos/default/app')).body.ready === 'True' ? true : undefined));
  return h;
}

/** john logs 2h on `issue` at 09:00 +01:00, in git, and the controller syncs it. */
async function logInGit(h: ControllerHarness, id: string, issue: string): Promise<void> {
  await git(h.dev, ['pull', '--quiet', '--rebase']);
  const existing = await git(h.dev, ['show', 'HEAD:worklogs/2026-02.jsonl']).catch(() => '');
  const line = JSON.stringify({ id, issue, author: 'john.mcmullan', time: '2h', started: '2026-02-14T09:00:00.000+01:00', comment: 'Fixed bug' });
  await commitFile(h.dev, 'worklogs/2026-02.jsonl', `${existing}${line}\n`, `[tract] Log 2h to ${issue}`);
  await git(h.dev, ['push', '--quiet', 'origin', 'main']);
  await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' });
}

/** The same work, logged by john in Jira itself. */
async function logInJira(h: ControllerHarness, issue: string): Promise<string> {
  const response = await fetch(`${h.sim.url}/rest/api/2/issue/${issue}/worklog`, {
    method: 'POST',
    headers: { authorization: basicAuth('john.mcmullan@example.com', DEMO_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify({ started: '2026-02-14T08:00:00.000+0000', timeSpentSeconds: 7200, comment: 'Fixed bug (in Jira)' }),
  });
  expect(response.status).to.equal(201);
  return ((await response.json()) as { id: string }).id;
}

function jiraOn(h: ControllerHarness, issue: string): { id: string; tractId: string | undefined }[] {
  return h.sim.control.state().worklogs.filter((w) => w.issueKey === issue).map((w) => ({ id: String(w.id), tractId: (w.properties.tract as { id?: string } | undefined)?.id }));
}

async function linesOn(h: ControllerHarness, issue: string): Promise<number> {
  const text = await git(h.remote, ['show', 'main:worklogs/2026-02.jsonl']);
  return text.split('\n').filter((l) => l.includes(`"issue":"${issue}"`)).length;
}

async function duplicateReported(h: ControllerHarness, worklogId: string): Promise<RepoAnswer> {
  return eventually(async () => {
    const { body } = await h.fetchJson<RepoAnswer>('/api/v1/repos/default/app');
    return body.jiraDuplicates.some((d) => d.worklogId === worklogId) ? body : undefined;
  }, 20_000, `duplicate ${worklogId} reported`);
}

describe('controller, standalone: duplicates made in Jira (spec.sync.duplicates: Discard, the default)', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    h = await start();
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('Tract first: the worklog logged again in Jira is deleted there and reported', async () => {
    const id = '0199d000-0000-7000-8000-000000000001';
    await logInGit(h, id, 'APP-20');
    await eventually(() => (jiraOn(h, 'APP-20').length === 1 ? true : undefined), 20_000, 'the Tract worklog in Jira');
    const duplicate = await logInJira(h, 'APP-20');
    const repo = await duplicateReported(h, duplicate);
    expect(repo.jiraDuplicates.find((d) => d.worklogId === duplicate)?.action).to.equal('discarded');
    expect(repo.events.some((e) => e.reason === 'DuplicateDiscarded' && e.message.includes(duplicate))).to.equal(true);
    expect(jiraOn(h, 'APP-20')).to.deep.equal([{ id: jiraOn(h, 'APP-20')[0]!.id, tractId: id }]);
    expect(await linesOn(h, 'APP-20')).to.equal(1);
  });

  it('Jira first: the Jira worklog, seen only after Tract synced its own, is deleted there and reported', async () => {
    const id = '0199d000-0000-7000-8000-000000000002';
    // Jira's deliveries are held until flushed: the controller learns of the Jira worklog after its own create.
    h.sim.control.addWebhookFault({ action: { type: 'reorder', window: 1000 } });
    const duplicate = await logInJira(h, 'APP-21');
    await logInGit(h, id, 'APP-21');
    await eventually(() => (jiraOn(h, 'APP-21').length === 2 ? true : undefined), 20_000, 'both worklogs in Jira');
    h.sim.control.clearWebhookFaults();
    await h.sim.control.flushWebhooks();
    const repo = await duplicateReported(h, duplicate);
    expect(repo.jiraDuplicates.find((d) => d.worklogId === duplicate)?.action).to.equal('discarded');
    expect(jiraOn(h, 'APP-21').map((w) => w.tractId)).to.deep.equal([id]);
    expect(await linesOn(h, 'APP-21')).to.equal(1);
  });
});

describe('controller, standalone: duplicates made in Jira (spec.sync.duplicates: Report)', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    h = await start({ sync: { duplicates: 'Report' } });
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('leaves the duplicate in Jira, adds nothing to git, and reports it (event, API, tract status)', async () => {
    const id = '0199d000-0000-7000-8000-000000000003';
    await logInGit(h, id, 'APP-22');
    await eventually(() => (jiraOn(h, 'APP-22').length === 1 ? true : undefined), 20_000, 'the Tract worklog in Jira');
    const duplicate = await logInJira(h, 'APP-22');
    const repo = await duplicateReported(h, duplicate);
    const reported = repo.jiraDuplicates.find((d) => d.worklogId === duplicate)!;
    expect(reported.action).to.equal('reported');
    expect(repo.events.filter((e) => e.reason === 'DuplicateInJira').map((e) => e.type)).to.deep.equal(['Warning']);
    expect(jiraOn(h, 'APP-22')).to.have.length(2);
    expect(await linesOn(h, 'APP-22')).to.equal(1);
    await git(h.dev, ['remote', 'set-url', 'origin', `file://${h.remote}`]);
    const tract = new TractSession();
    expect((await tract.run(h.dev, ['init', '--author', 'john.mcmullan', '--sync-server', h.url])).code).to.equal(0);
    const status = await tract.run(h.dev, ['status']);
    expect(status.stdout).to.contain(`Duplicates in Jira:\n  ⚠️ ${reported.message} (left in Jira)\n`);
  });
});
