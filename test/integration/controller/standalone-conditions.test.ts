import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { JIRA_SECRET_ENV, eventually, startControllerHarness } from './controller-harness.ts';
import type { ControllerHarness } from './controller-harness.ts';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

interface RepoAnswer {
  ready: string;
  reason: string;
  message: string;
  conditions: Condition[];
}

async function repoWhere(h: ControllerHarness, key: string, test: (repo: RepoAnswer) => boolean, what: string): Promise<RepoAnswer> {
  return eventually(async () => {
    const { status, body } = await h.fetchJson<RepoAnswer>(`/api/v1/repos/${key}`);
    return status === 200 && test(body) ? body : undefined;
  }, 20_000, what);
}

describe('controller, standalone: conditions of failing and invalid TractRepos', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    h = await startControllerHarness({
      env: { TRACT_SECRET_JIRA_EMAIL: undefined, TRACT_SECRET_JIRA_APITOKEN: undefined, TRACT_SECRET_HOOKS_TOKEN: 'git-hook-secret' },
      repos: (remote) => [
        { name: 'app', remote, spec: { webhook: { secretRef: { name: 'hooks' } } } },
        { name: 'broken', namespace: 'team-b', remote, spec: { sync: { batchSize: 1000 }, interval: '10x' } },
      ],
    });
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('a missing Secret is Ready False / SecretNotFound with FetchFailed, retried', async () => {
    const repo = await repoWhere(h, 'default/app', (r) => r.reason === 'SecretNotFound', 'SecretNotFound');
    expect(repo.ready).to.equal('False');
    expect(repo.message).to.equal('Secret default/jira (Jira credentials) not found: create it, the controller retries');
    expect(repo.conditions.find((c) => c.type === 'FetchFailed')).to.include({ status: 'True', reason: 'SecretNotFound' });
    expect(repo.conditions.find((c) => c.type === 'Reconciling')).to.include({ status: 'True', reason: 'ProgressingWithRetry' });
    expect(repo.conditions.find((c) => c.type === 'Stalled')).to.equal(undefined);
  });

  it('recovers once the Secret exists: Ready True, the failure conditions gone', async () => {
    Object.assign(h.env, JIRA_SECRET_ENV);
    const repo = await repoWhere(h, 'default/app', (r) => r.ready === 'True', 'Ready True');
    expect(repo.reason).to.equal('Succeeded');
    expect(repo.conditions.map((c) => c.type)).to.deep.equal(['Ready']);
  });

  it('an invalid spec is Stalled / InvalidSpec naming every problem, and the other repo still runs', async () => {
    const repo = await repoWhere(h, 'team-b/broken', (r) => r.reason === 'InvalidSpec', 'InvalidSpec');
    expect(repo.ready).to.equal('False');
    expect(repo.message).to.contain('spec.sync.batchSize');
    expect(repo.message).to.contain('spec.interval');
    expect(repo.conditions.find((c) => c.type === 'Stalled')).to.include({ status: 'True', reason: 'InvalidSpec' });
    expect(repo.conditions.find((c) => c.type === 'Reconciling')).to.equal(undefined);
  });

  it('git push webhooks: a signed delivery triggers a pass, a wrong signature is 401, an unknown repo 404', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const sign = (secret: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const post = (path: string, headers: Record<string, string>): Promise<Response> =>
      fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post('/webhook/git/default/app', { 'x-github-event': 'push', 'x-hub-signature-256': sign('git-hook-secret') })).status).to.equal(202);
    expect((await post('/webhook/git/default/app', { 'x-gitlab-token': 'git-hook-secret' })).status).to.equal(202);
    expect((await post('/webhook/git/default/app', { 'x-gitea-signature': sign('git-hook-secret').slice(7) })).status).to.equal(202);
    expect((await post('/webhook/git/default/app', { 'x-signature': sign('git-hook-secret') })).status).to.equal(202);
    expect((await post('/webhook/git/default/app', { 'x-hub-signature-256': sign('wrong') })).status).to.equal(401);
    expect((await post('/webhook/git/default/app', {})).status).to.equal(401);
    expect((await post('/webhook/git/team-x/nope', {})).status).to.equal(404);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).to.contain('tract_webhooks_received_total{source="github",outcome="accepted"} 1');
    expect(metrics).to.contain('tract_webhooks_received_total{source="github",outcome="unauthorized"} 1');
    expect(metrics).to.contain('tract_webhooks_received_total{source="generic",outcome="not_found"} 1');
  });

  it('refuses a webhook body over the limit with 413', async () => {
    const response = await fetch(`${h.url}/webhook/git/default/app`, { method: 'POST', body: 'x'.repeat(3 * 1024 * 1024 + 1) });
    expect(response.status).to.equal(413);
    expect(((await response.json()) as { error: { reason: string } }).error.reason).to.equal('PayloadTooLarge');
  });
});

describe('controller, standalone: probes, metrics and the API token', function () {
  this.timeout(60_000);
  let h: ControllerHarness;

  before(async () => {
    h = await startControllerHarness({ config: { apiToken: 's3cret-api-token' } });
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  it('GET /health answers exactly as documented, /healthz and /readyz answer ok', async () => {
    const health = await fetch(`${h.url}/health`);
    expect(await health.text()).to.equal('{"status":"ok","version":"1.0.0"}');
    expect((await fetch(`${h.url}/healthz`)).status).to.equal(200);
    expect((await fetch(`${h.url}/readyz`)).status).to.equal(200);
  });

  it('requires the bearer token on /api/v1 when one is configured', async () => {
    const refused = await h.fetchJson<{ error: { reason: string } }>('/api/v1/repos');
    expect(refused.status).to.equal(401);
    expect(refused.body.error.reason).to.equal('Unauthorized');
    expect((await h.fetchJson('/api/v1/repos', { headers: { authorization: 'Bearer wrong' } })).status).to.equal(401);
    const ok = await h.fetchJson<{ items: { name: string }[] }>('/api/v1/repos', { headers: { authorization: 'Bearer s3cret-api-token' } });
    expect(ok.status).to.equal(200);
    expect(ok.body.items.map((r) => r.name)).to.deep.equal(['app']);
  });

  it('serves the docs/metrics.md metrics from its own registry, and the status page', async () => {
    await eventually(async () => ((await (await fetch(`${h.url}/metrics`)).text()).includes('tract_reconcile_duration_seconds_count{result="success"}') ? true : undefined));
    const text = await (await fetch(`${h.url}/metrics`)).text();
    for (const name of ['tract_sync_lag_seconds', 'tract_worklogs_synced_total', 'tract_sync_errors_total', 'tract_pending_worklogs', 'tract_last_sync_success_timestamp_seconds', 'tract_jira_requests_total', 'tract_jira_request_duration_seconds', 'tract_jira_rate_limited_total', 'tract_webhooks_received_total', 'tract_git_operation_duration_seconds', 'tract_reconcile_duration_seconds']) {
      expect(text, name).to.contain(`# TYPE ${name} `);
    }
    expect(text).to.contain('tract_last_sync_success_timestamp_seconds{repo="default/app"}');
    const page = await (await fetch(`${h.url}/`)).text();
    expect(page).to.contain('<td>default/app</td>');
  });
});
