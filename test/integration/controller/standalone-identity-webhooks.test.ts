/**
 * Identities and per-repo webhooks on the real controller and the Jira simulator (docs/from-jira.md
 * "Authors", "Per-repo path"): an identity map by e-mail only, and a repo whose Jira URL names another
 * host than the one Jira writes into its webhook bodies.
 */
import { expect } from 'chai';
import { basicAuth, DEMO_TOKEN } from '../../support/jira-sim.ts';
import { git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

const SECRET = 'jira-hook-secret';

interface RepoAnswer {
  ready: string;
  authors: { name: string; accountId?: string; resolvedFrom: string; message?: string }[];
}

async function logInJiraAs(h: ControllerHarness, email: string, issue: string, seconds: number): Promise<void> {
  const response = await fetch(`${h.sim.url}/rest/api/2/issue/${issue}/worklog`, {
    method: 'POST',
    headers: { authorization: basicAuth(email, DEMO_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify({ started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: seconds, comment: 'From Jira' }),
  });
  expect(response.status).to.equal(201);
}

async function headWhere(h: ControllerHarness, prefix: string): Promise<string> {
  return eventually(async () => {
    const [head] = await gitLog(h.remote, 'main');
    return head?.startsWith(prefix) ? head : undefined;
  }, 20_000, `a commit "${prefix}…"`);
}

describe('controller, standalone: identity map by e-mail and per-repo webhooks', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    h = await startControllerHarness({
      env: { TRACT_SECRET_HOOKS_JIRASECRET: SECRET },
      // The repo reaches Jira as localhost; Jira writes 127.0.0.1 into its webhook bodies.
      repos: (remote) => [{ name: 'app', remote, spec: { webhook: { secretRef: { name: 'hooks' } } } }],
    });
    h.manifest([{ name: 'app', remote: h.remote, spec: { webhook: { secretRef: { name: 'hooks' } }, jira: { url: h.sim.url.replace('127.0.0.1', 'localhost'), secretRef: { name: 'jira' }, reconcileInterval: '1h', projects: ['APP'] } } }]);
    expect(await h.ports.source.reload()).to.deep.equal([]);
    h.sim.control.registerWebhook({ name: 'tract', url: `${h.url}/webhook/jira/default/app`, events: ['worklog_created', 'worklog_updated', 'worklog_deleted'], secret: SECRET });
    await eventually(async () => ((await h.fetchJson<RepoAnswer>('/api/v1/repos/default/app')).body.ready === 'True' ? true : undefined));
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('resolves an author given only by e-mail to the Jira account and shows it in the status', async () => {
    const { body } = await h.fetchJson<RepoAnswer>('/api/v1/repos/default/app');
    const sarahId = h.sim.control.state().users.find((u) => u.name === 'sarah.jones')?.accountId;
    expect(body.authors).to.deep.equal([
      { name: 'john.mcmullan', accountId: h.johnAccountId, resolvedFrom: 'spec' },
      { name: 'sarah.jones', accountId: sarahId, resolvedFrom: 'email' },
    ]);
  });

  it('a worklog Sarah logs in Jira arrives on the per-repo path (other host in the body) once, as sarah.jones', async () => {
    const before = (await gitLog(h.remote, 'main')).length;
    await logInJiraAs(h, 'sarah.jones@example.com', 'APP-12', 5400);
    expect(await headWhere(h, '[tract-sync] Add worklog from Jira')).to.equal('[tract-sync] Add worklog from Jira (APP-12, sarah.jones, 1.5h)');
    await h.sim.control.flushWebhooks();
    await h.assembled.inbound.idle();
    const lines = (await git(h.remote, ['show', 'main:worklogs/2026-02.jsonl'])).trim().split('\n');
    expect(lines).to.have.length(1);
    expect(JSON.parse(lines[0]!)).to.include({ issue: 'APP-12', author: 'sarah.jones', time: '1.5h', comment: 'From Jira', source: 'jira' });
    expect(await gitLog(h.remote, 'main')).to.have.length(before + 1);
  });

  it('a delivery no repository claims is answered 202 and counted with its reason', async () => {
    const body = JSON.stringify({ timestamp: 1, webhookEvent: 'worklog_created', worklog: { id: '99', issueId: '10001', self: 'https://other.atlassian.net/rest/api/2/issue/10001/worklog/99' } });
    const response = await fetch(`${h.url}/webhook/jira`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-atlassian-webhook-identifier': 'unclaimed-1' }, body });
    expect(response.status).to.equal(202);
    expect(await response.json()).to.deep.equal({ ignored: 'no repository syncs this Jira site' });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).to.match(/^tract_webhooks_unclaimed_total\{source="jira",reason="site"\} 1$/m);
    expect(metrics).to.match(/^tract_webhooks_received_total\{source="jira",outcome="unclaimed"\} 1$/m);
  });
});
