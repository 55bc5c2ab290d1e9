import { expect } from 'chai';
import { basicAuth, DEMO_TOKEN } from '../../support/jira-sim.ts';
import { git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

const JIRA_HOOK_SECRET = 'jira-hook-secret';

async function jiraAsJohn(h: ControllerHarness, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${h.sim.url}${path}`, {
    method,
    headers: { authorization: basicAuth('john.mcmullan@example.com', DEMO_TOKEN), 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function remoteSubjects(h: ControllerHarness): Promise<string[]> {
  return gitLog(h.remote, 'main');
}

describe('controller, standalone: Jira → Tract through signed webhooks', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    h = await startControllerHarness({
      env: { TRACT_SECRET_HOOKS_JIRASECRET: JIRA_HOOK_SECRET },
      repos: (remote) => [{ name: 'app', remote, spec: { webhook: { secretRef: { name: 'hooks' } } } }],
    });
    h.sim.control.registerWebhook({ name: 'tract', url: `${h.url}/webhook/jira`, events: ['worklog_created', 'worklog_updated', 'worklog_deleted'], secret: JIRA_HOOK_SECRET });
    await eventually(async () => ((await h.fetchJson<{ ready: string }>('/api/v1/repos/default/app')).body.ready === 'True' ? true : undefined));
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('a worklog added in Jira becomes a line in git with the documented commit message', async () => {
    await jiraAsJohn(h, 'POST', '/rest/api/2/issue/APP-1234/worklog', { started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: 7200, comment: 'Fixed bug' });
    const subject = await eventually(async () => {
      const [head] = await remoteSubjects(h);
      return head?.startsWith('[tract-sync] Add worklog from Jira') ? head : undefined;
    }, 20_000, 'the Jira → git commit');
    expect(subject).to.equal('[tract-sync] Add worklog from Jira (APP-1234, john.mcmullan, 2h)');
    const text = await git(h.remote, ['show', 'main:worklogs/2026-02.jsonl']);
    const record = JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(record).to.include({ issue: 'APP-1234', author: 'john.mcmullan', time: '2h', comment: 'Fixed bug', source: 'jira' });
  });

  it('an edit in Jira rewrites the line in place', async () => {
    const worklogId = h.sim.control.state().worklogs.find((w) => w.issueKey === 'APP-1234')!.id;
    await jiraAsJohn(h, 'PUT', `/rest/api/2/issue/APP-1234/worklog/${worklogId}`, { timeSpentSeconds: 10_800 });
    const subject = await eventually(async () => {
      const [head] = await remoteSubjects(h);
      return head?.startsWith('[tract-sync] Update worklog') ? head : undefined;
    }, 20_000, 'the update commit');
    expect(subject).to.equal('[tract-sync] Update worklog from Jira (APP-1234, john.mcmullan, 2h → 3h)');
    const lines = (await git(h.remote, ['show', 'main:worklogs/2026-02.jsonl'])).trim().split('\n');
    expect(lines).to.have.length(1);
    expect(JSON.parse(lines[0]!)).to.include({ time: '3h' });
  });

  it('rejects an unsigned delivery with 401 and changes nothing', async () => {
    const before = await remoteSubjects(h);
    const response = await fetch(`${h.url}/webhook/jira`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-atlassian-webhook-identifier': 'forged-1' },
      body: JSON.stringify({ webhookEvent: 'worklog_deleted', worklog: { id: '10000', issueId: '10000', self: `${h.sim.url}/rest/api/2/issue/10000/worklog/10000` } }),
    });
    expect(response.status).to.equal(401);
    expect(await remoteSubjects(h)).to.deep.equal(before);
  });
});
