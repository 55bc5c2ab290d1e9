import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { git, makeClone, removeTempDirs } from '../../support/git-fixtures.ts';
import { SECRETS, WEBHOOK_LIMIT_PER_MINUTE, startSecuredController } from '../../support/fault-controller.ts';
import type { SecuredController } from '../../support/fault-controller.ts';

interface Summary { namespace: string; name: string; ready: string; reason: string; message: string }

const sign = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Every file under `dir` except git's compressed object store, as text. The controller keeps working
 * while this runs, so a file (a git lock, say) may vanish between listing and reading: it is skipped.
 */
function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (path.endsWith(join('.git', 'objects'))) continue;
    try {
      if (statSync(path).isDirectory()) out.push(...filesUnder(path));
      else out.push({ path, text: readFileSync(path, 'latin1') });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return out;
}

describe('security: a standalone controller with known secrets', function () {
  this.timeout(120_000);
  let c: SecuredController;
  let summaries: Summary[];

  before(async () => {
    c = await startSecuredController();
    const dev = await makeClone(c.remote);
    const line = { id: '0199c000-0000-7000-8000-000000000001', issue: 'APP-1', author: 'john.mcmullan', time: '1h', started: '2026-02-14T09:00:00.000+00:00', comment: 'security suite' };
    await git(dev, ['pull', '--quiet', 'origin', 'main']);
    await import('node:fs').then((fs) => fs.writeFileSync(join(dev, 'worklogs/2026-02.jsonl'), `${JSON.stringify(line)}\n`));
    await git(dev, ['add', 'worklogs']);
    await git(dev, ['commit', '--quiet', '-m', '[tract] Log 1h on APP-1']);
    await git(dev, ['push', '--quiet', 'origin', 'main']);
    await fetch(`${c.url}/api/v1/repos/team-a/app/sync`, { method: 'POST', headers: { authorization: `Bearer ${SECRETS.apiToken}` } });
    await waitFor(async () => {
      summaries = ((await (await c.api('/api/v1/repos')).json()) as { items: Summary[] }).items;
      const byName = new Map(summaries.map((s) => [s.name, s]));
      return byName.get('app')?.ready === 'True' && (await c.sim.state()).worklogs.length === 1
        && byName.get('badjira')?.ready === 'False' && byName.get('badgit')?.ready === 'False';
    }, 'app Ready True with its worklog in Jira, badjira and badgit Ready False');
  });
  after(async () => {
    await c?.close();
    removeTempDirs();
  });

  it('the read API needs the bearer token when one is set: 401 without or wrong, 200 with', async () => {
    const without = await fetch(`${c.url}/api/v1/repos`);
    expect(without.status).to.equal(401);
    expect(((await without.json()) as { error: { reason: string } }).error.reason).to.equal('Unauthorized');
    expect((await fetch(`${c.url}/api/v1/repos`, { headers: { authorization: 'Bearer not-the-token' } })).status).to.equal(401);
    expect((await fetch(`${c.url}/api/v1/worklogs/x`, { headers: { authorization: `Basic ${SECRETS.apiToken}` } })).status).to.equal(401);
    expect((await fetch(`${c.url}/api/v1/repos/team-a/app/sync`, { method: 'POST' })).status).to.equal(401);
    expect((await c.api('/api/v1/repos')).status).to.equal(200);
    expect((await fetch(`${c.url}/health`)).status, '/health stays open').to.equal(200);
  });

  it('Jira webhook: missing or wrong signature 401; a replayed delivery id changes nothing', async () => {
    const worklog = (await c.sim.state()).worklogs[0]!;
    const body = JSON.stringify({ webhookEvent: 'worklog_updated', worklog: { id: worklog.id, issueId: worklog.issueId, self: `${c.sim.url}/rest/api/2/issue/${worklog.issueId}/worklog/${worklog.id}` } });
    const post = (headers: Record<string, string>, payload = body): Promise<Response> =>
      fetch(`${c.url}/webhook/jira`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    expect((await post({})).status, 'unsigned').to.equal(401);
    expect((await post({ 'x-hub-signature': sign('not-the-secret', body) })).status, 'wrong secret').to.equal(401);
    expect((await post({ 'x-hub-signature': sign(SECRETS.jiraHookSecret, `${body} `) })).status, 'signature of another body').to.equal(401);
    expect((await post({ 'x-hub-signature': 'sha256=' })).status, 'empty signature').to.equal(401);
    const signed = { 'x-hub-signature': sign(SECRETS.jiraHookSecret, body), 'x-atlassian-webhook-identifier': 'sec-delivery-1' };
    expect((await post(signed)).status, 'signed').to.equal(202);
    expect((await post(signed)).status, 'replayed: same identifier').to.equal(200);
    // A captured body and signature replayed under a new identifier is a valid delivery (the HMAC covers
    // only the body): it is accepted, and harmless — the controller re-reads the worklog from Jira.
    expect((await post({ ...signed, 'x-atlassian-webhook-identifier': 'sec-delivery-2' })).status, 'replayed: new identifier').to.equal(202);
    const metrics = await (await fetch(`${c.url}/metrics`)).text();
    expect(metrics).to.match(/tract_webhooks_received_total\{source="jira",outcome="unauthorized"\} 4/);
    expect(metrics).to.match(/tract_webhooks_received_total\{source="jira",outcome="duplicate"\} 1/);
  });

  it('git webhook: missing or wrong signature 401, a valid GitHub signature 202, unknown repo 404', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const post = (path: string, headers: Record<string, string>): Promise<Response> =>
      fetch(`${c.url}/webhook/git/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push', ...headers }, body });
    expect((await post('team-a/app', {})).status, 'unsigned').to.equal(401);
    expect((await post('team-a/app', { 'x-hub-signature-256': sign('nope', body) })).status, 'wrong').to.equal(401);
    expect((await post('team-a/app', { 'x-gitlab-token': 'nope' })).status, 'wrong GitLab token').to.equal(401);
    expect((await post('team-a/app', { 'x-hub-signature-256': sign(SECRETS.gitHookToken, body) })).status, 'valid').to.equal(202);
    // Git webhooks carry no delivery id check: a replayed signed push is accepted and only asks for a pass
    // (what the next poll would do anyway).
    expect((await post('team-a/app', { 'x-hub-signature-256': sign(SECRETS.gitHookToken, body) })).status, 'replayed').to.equal(202);
    expect((await post('team-a/missing', { 'x-hub-signature-256': sign(SECRETS.gitHookToken, body) })).status, 'unknown repo').to.equal(404);
  });

  it('bodies over the limit get 413; deeply nested and huge JSON get a 4xx and the process stays up', async () => {
    const big = `{"webhookEvent":"worklog_created","pad":"${'x'.repeat(4 * 1024 * 1024)}"}`;
    for (const path of ['/webhook/jira', '/webhook/jira/team-a/app', '/webhook/git/team-a/app']) {
      const response = await fetch(`${c.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(response.status, path).to.equal(413);
    }
    const depth = 500_000;
    const nestedArrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const nestedObjects = `${'{"a":'.repeat(depth / 10)}1${'}'.repeat(depth / 10)}`;
    const manyKeys = `{${Array.from({ length: 120_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    for (const [what, payload] of [['nested arrays', nestedArrays], ['nested objects', nestedObjects], ['many keys', manyKeys], ['broken', '{"webhookEvent":']] as const) {
      for (const path of ['/webhook/jira', '/webhook/git/team-a/app']) {
        const response = await fetch(`${c.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
        expect(response.status, `${what} on ${path}`).to.be.within(400, 499);
      }
    }
    expect((await fetch(`${c.url}/health`)).status, 'still serving').to.equal(200);
    expect(c.child.process.exitCode, 'still running').to.equal(null);
  });

  it('public webhook endpoints are rate-limited per address: a burst of 400 forged deliveries gets 401s then 429s, nothing journaled', async () => {
    const journal = join(c.stateDir, '_jira-inbox', 'jira-webhook-journal.jsonl');
    const accepted = (): number => readFileSync(journal, 'utf8').split('\n').filter((line) => line.startsWith('{"accept"')).length;
    const acceptedBefore = accepted();
    const body = JSON.stringify({ webhookEvent: 'worklog_created', worklog: { id: '1', issueId: '1', self: `${c.sim.url}/rest/api/2/issue/1/worklog/1` } });
    const answers: Response[] = [];
    for (let wave = 0; wave < 8; wave += 1) {
      answers.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${c.url}/webhook/jira`, {
        method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature': sign('forged', `${body}${wave}-${i}`) },
      })))));
    }
    const statuses = answers.map((a) => a.status);
    expect(new Set(statuses), 'forged deliveries are refused (401) until the limit, then limited (429)').to.deep.equal(new Set([401, 429]));
    expect(statuses.filter((s) => s === 401).length, 'at most the limit gets through to the signature check').to.be.at.most(WEBHOOK_LIMIT_PER_MINUTE);
    const limited = answers.find((a) => a.status === 429)!;
    expect(Number(limited.headers.get('retry-after')), 'a 429 says when to retry (Jira retries 429 deliveries)').to.be.above(0);
    expect(accepted(), 'nothing journaled').to.equal(acceptedBefore);
    const genuine = await fetch(`${c.url}/webhook/jira`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature': sign(SECRETS.jiraHookSecret, body), 'x-atlassian-webhook-identifier': 'sec-after-burst' },
    });
    expect(genuine.status, 'the same address stays limited until the window passes; Jira retries the delivery').to.equal(429);
    expect((await fetch(`${c.url}/health`)).status, 'probes are never limited').to.equal(200);
    expect((await c.api('/api/v1/repos')).status, 'the read API has its own budget').to.equal(200);
  });

  it('no secret value in logs, API, events, metrics, the status page or the state files', async () => {
    const outputs: { where: string; text: string }[] = [];
    for (const path of ['/api/v1/repos', '/api/v1/events', ...summaries.map((s) => `/api/v1/repos/${s.namespace}/${s.name}`)]) {
      outputs.push({ where: path, text: await (await c.api(path)).text() });
    }
    outputs.push({ where: '/metrics', text: await (await fetch(`${c.url}/metrics`)).text() });
    outputs.push({ where: '/', text: await (await fetch(`${c.url}/`)).text() });
    for (const file of filesUnder(c.stateDir)) outputs.push({ where: file.path, text: file.text });
    outputs.push({ where: 'stdout', text: c.child.output().stdout }, { where: 'stderr', text: c.child.output().stderr });
    const all = outputs.map((o) => o.text).join('\n');
    // The errors were exercised: both auth failures are reported, in the API and the log.
    expect(all).to.match(/badjira/);
    const detail = outputs.find((o) => o.where === '/api/v1/repos/team-a/badjira')!.text;
    expect(detail, 'badjira reports an auth failure').to.match(/AuthenticationFailed/);
    expect(outputs.find((o) => o.where === '/api/v1/repos/team-a/badgit')!.text, 'badgit reports a git failure').to.match(/AuthenticationFailed|GitOperationFailed/);
    expect(c.child.output().stdout.length + c.child.output().stderr.length, 'the log was written').to.be.above(1000);
    for (const [name, value] of Object.entries(SECRETS)) {
      const leaks = outputs.filter((o) => o.text.includes(value) || o.text.includes(Buffer.from(value).toString('base64'))).map((o) => o.where);
      expect(leaks, `${name} leaked`).to.deep.equal([]);
    }
    // Basic auth headers carry secrets base64-encoded together with the user name.
    for (const [user, value] of [['tract', SECRETS.gitPassword], ['tract', SECRETS.wrongGitPassword], ['tract-sync@example.com', SECRETS.jiraToken]] as const) {
      const encoded = Buffer.from(`${user}:${value}`).toString('base64');
      expect(outputs.filter((o) => o.text.includes(encoded)).map((o) => o.where), `${user} basic auth leaked`).to.deep.equal([]);
    }
  });
});
