/**
 * Failures the world fixes are retried by the world's fix (docs/to-jira.md "Retries"): the real
 * controller and the Jira simulator, no edit of the stranded worklog line in any case.
 */
import { expect } from 'chai';
import { commitFile, git, removeTempDirs } from '../../support/git-fixtures.ts';
import { DEMO_TOKEN } from '../../support/jira-sim.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness, HarnessOptions } from './controller-harness.ts';

interface RepoAnswer {
  ready: string;
  reason: string;
  message: string;
  failed: number;
  errors: { worklogId: string; reason: string; scope: string; attempts: number; nextRetryAt: string }[];
}

const JOHN = { name: 'john.mcmullan', email: 'john.mcmullan@example.com' };
const SARAH = { name: 'sarah.jones', email: 'sarah.jones@example.com' };

function line(id: string, issue: string, author = 'john.mcmullan'): string {
  return `${JSON.stringify({ id, issue, author, time: '2h', started: '2026-02-14T09:00:00.000+01:00', comment: 'Fixed bug' })}\n`;
}

async function pushLine(h: ControllerHarness, text: string): Promise<void> {
  await git(h.dev, ['pull', '--quiet', '--rebase']);
  const existing = await git(h.dev, ['show', 'HEAD:worklogs/2026-02.jsonl']).catch(() => '');
  await commitFile(h.dev, 'worklogs/2026-02.jsonl', existing + text, '[tract] Log 2h');
  await git(h.dev, ['push', '--quiet', 'origin', 'main']);
  await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' });
}

function repoWhere(h: ControllerHarness, test: (repo: RepoAnswer) => boolean, what: string): Promise<RepoAnswer> {
  return eventually(async () => {
    const { body } = await h.fetchJson<RepoAnswer>('/api/v1/repos/default/app');
    return test(body) ? body : undefined;
  }, 20_000, what);
}

function inJira(h: ControllerHarness, id: string): number {
  return h.sim.control.state().worklogs.filter((w) => (w.properties.tract as { id?: string } | undefined)?.id === id).length;
}

async function synced(h: ControllerHarness, id: string): Promise<void> {
  await eventually(async () => {
    const { body } = await h.fetchJson<{ state: string }>(`/api/v1/worklogs/${id}`);
    return body.state === 'synced' ? true : undefined;
  }, 20_000, `${id} synced`);
  expect(inJira(h, id), 'exactly one Jira worklog').to.equal(1);
}

function start(options: HarnessOptions & { firstMs: number }): Promise<ControllerHarness> {
  return startControllerHarness({ ...options, config: { recordRetry: { firstMs: options.firstMs, maxMs: options.firstMs * 4 } } });
}

describe('controller, standalone: records stranded by a fixable failure sync by themselves', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  beforeEach(async () => {
    h = await start({ firstMs: 200, repos: (remote) => [{ name: 'app', remote, spec: { authors: [JOHN] } }] });
    await repoWhere(h, (r) => r.ready === 'True', 'the first pass');
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('a wrong Jira token, then fixed: Ready False AuthenticationFailed while it lasts, then the worklog syncs', async () => {
    const id = '0199a000-0000-7000-8000-0000000000a1';
    h.env.TRACT_SECRET_JIRA_APITOKEN = 'wrong-token';
    await pushLine(h, line(id, 'APP-7'));
    const failing = await repoWhere(h, (r) => r.errors.some((e) => e.worklogId === id && e.attempts >= 2), 'a second failed attempt');
    expect(failing).to.include({ ready: 'False', reason: 'AuthenticationFailed' });
    expect(failing.errors[0]).to.include({ reason: 'AuthenticationFailed', scope: 'repo' });
    expect(Date.parse(failing.errors[0]!.nextRetryAt)).to.be.a('number').and.not.NaN;
    h.env.TRACT_SECRET_JIRA_APITOKEN = DEMO_TOKEN;
    await synced(h, id);
    await repoWhere(h, (r) => r.ready === 'True' && r.failed === 0, 'Ready again');
  });

  it('an author missing from spec.authors, then added: the worklog syncs', async () => {
    const id = '0199a000-0000-7000-8000-0000000000a2';
    await pushLine(h, line(id, 'APP-8', 'sarah.jones'));
    const failing = await repoWhere(h, (r) => r.errors.some((e) => e.worklogId === id), 'UnknownAuthor');
    expect(failing).to.include({ ready: 'False', reason: 'UnknownAuthor' });
    h.manifest([{ name: 'app', remote: h.remote, spec: { authors: [JOHN, SARAH] } }]);
    expect(await h.ports.source.reload()).to.deep.equal([]);
    await synced(h, id);
  });

  it('"Work on issues" taken away, then given back: the worklog syncs', async () => {
    const id = '0199a000-0000-7000-8000-0000000000a3';
    h.sim.control.setWorkOnIssues('APP', 'tract-sync@example.com', false);
    await pushLine(h, line(id, 'APP-9'));
    const failing = await repoWhere(h, (r) => r.errors.some((e) => e.worklogId === id && e.attempts >= 2), 'a second failed attempt');
    expect(failing).to.include({ ready: 'False', reason: 'PermissionDenied' });
    expect(failing.message).to.match(/^No permission to log work on APP-9 in Jira: .*; 1 worklog of john\.mcmullan waits for it \(retried automatically\)$/);
    h.sim.control.setWorkOnIssues('APP', 'tract-sync@example.com', true);
    await synced(h, id);
  });
});

describe('controller, standalone: a Secret change retries every failed worklog at once', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    // An hour before the first automatic retry: only the Secret change can bring the worklog to Jira in time.
    h = await start({ firstMs: 3_600_000 });
    await repoWhere(h, (r) => r.ready === 'True', 'the first pass');
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('the token is fixed and the next pass (here asked by the API) syncs the worklog', async () => {
    const id = '0199a000-0000-7000-8000-0000000000a4';
    h.env.TRACT_SECRET_JIRA_APITOKEN = 'wrong-token';
    await pushLine(h, line(id, 'APP-10'));
    await repoWhere(h, (r) => r.errors.some((e) => e.worklogId === id), 'the failure');
    await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' });
    const still = await repoWhere(h, (r) => r.reason === 'AuthenticationFailed', 'still failing');
    expect(still.errors.find((e) => e.worklogId === id)?.attempts, 'not retried before it is due').to.equal(1);
    h.env.TRACT_SECRET_JIRA_APITOKEN = DEMO_TOKEN;
    await h.fetchJson('/api/v1/repos/default/app/sync', { method: 'POST' });
    await synced(h, id);
  });
});

