import { expect } from 'chai';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { simFetch, worklogBody } from './sim-http.ts';

describe('jira-sim: admin API over HTTP (/_sim)', () => {
  let sim: TestJiraSim;
  const admin = (method: string, path: string, req = {}) => simFetch(sim.url, method, `/_sim${path}`, { as: null, ...req });

  beforeEach(async () => {
    sim = await startJiraSim({ seed: undefined });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('seeds from YAML and from JSON, and reads the whole state', async () => {
    const yaml = 'users:\n  - email: ann@example.com\n    apiToken: t\nprojects:\n  - key: OPS\n    issueCount: 2\n';
    expect((await admin('POST', '/seed', { raw: yaml, contentType: 'text/yaml' })).status).to.equal(200);
    expect((await admin('POST', '/seed', { body: { projects: [{ key: 'WEB', issues: [{ summary: 'S', originalEstimate: '2h' }] }] } })).status).to.equal(200);
    const state = (await admin('GET', '/state')).body as { users: { email: string }[]; issues: { key: string; originalEstimateSeconds: number | null }[] };
    expect(state.users.map((u) => u.email)).to.deep.equal(['ann@example.com']);
    expect(state.issues.map((i) => i.key)).to.deep.equal(['OPS-1', 'OPS-2', 'WEB-1']);
    expect(state.issues[2]?.originalEstimateSeconds).to.equal(7200);
    expect(JSON.stringify(state)).to.not.contain('apiToken');
  });

  it('reports every problem of a bad seed with its line', async () => {
    const yaml = 'users:\n  - name: nobody\n    admin: "yes"\nprojects: APP\n';
    const res = await admin('POST', '/seed', { raw: yaml, contentType: 'text/yaml' });
    expect(res.status).to.equal(400);
    const problems = (res.body as { problems: { path: string; line: number }[] }).problems;
    expect(problems.map((p) => [p.path, p.line])).to.deep.equal([
      ['users.0.email', 2],
      ['users.0.admin', 3],
      ['projects', 4],
    ]);
  });

  it('lists every request received, with user, status and timings, and clears the log', async () => {
    await admin('POST', '/reset', { body: { seed: { users: [{ email: 'ann@example.com', apiToken: 'demo-token' }], projects: [{ key: 'OPS', issueCount: 1 }] } } });
    await simFetch(sim.url, 'POST', '/rest/api/3/issue/OPS-1/worklog?notifyUsers=false', { as: 'ann@example.com', body: worklogBody() });
    const log = (await admin('GET', '/requests')).body as { method: string; path: string; query: object; user: string; status: number; startMs: number; endMs: number }[];
    expect(log).to.have.length(1);
    expect(log[0]).to.include({ method: 'POST', path: '/rest/api/3/issue/OPS-1/worklog', user: 'ann@example.com', status: 201 });
    expect(log[0]?.query).to.deep.equal({ notifyUsers: 'false' });
    expect(log[0]!.endMs).to.be.at.least(log[0]!.startMs);
    await admin('DELETE', '/requests');
    expect((await admin('GET', '/requests')).body).to.deep.equal([]);
  });

  it('adds and clears faults, registers webhooks, flushes, advances the clock, patches issues and permissions', async () => {
    await admin('POST', '/reset', { body: { seed: { users: [{ email: 'ann@example.com', apiToken: 'demo-token' }], projects: [{ key: 'OPS', issueCount: 1 }] } } });
    const fault = await admin('POST', '/faults', { body: { path: '/myself$', action: { type: 'error', status: 503 } } });
    expect(fault.status).to.equal(201);
    expect((await simFetch(sim.url, 'GET', '/rest/api/3/myself', { as: 'ann@example.com' })).status).to.equal(503);
    expect((await admin('POST', '/faults', { body: { action: { type: 'explode' } } })).status).to.equal(400);
    expect((await admin('POST', '/faults', { body: { path: '(', action: { type: 'hang' } } })).status).to.equal(400);
    expect((await admin('POST', '/webhook-faults', { body: { url: '[', action: { type: 'drop' } } })).status).to.equal(400);
    await admin('DELETE', '/faults');
    expect((await simFetch(sim.url, 'GET', '/rest/api/3/myself', { as: 'ann@example.com' })).status).to.equal(200);

    expect((await admin('POST', '/webhooks', { body: { name: 'w', url: 'http://127.0.0.1:9/x', events: ['worklog_created'] } })).status).to.equal(201);
    expect((await admin('POST', '/webhook-faults', { body: { action: { type: 'drop' } } })).status).to.equal(201);
    expect((await admin('POST', '/webhooks/flush')).status).to.equal(204);

    const before = ((await admin('GET', '/clock')).body as { nowMs: number }).nowMs;
    const after = ((await admin('POST', '/clock/advance', { body: { ms: 60_000 } })).body as { nowMs: number }).nowMs;
    expect(after - before).to.be.at.least(60_000);

    expect((await admin('PATCH', '/issues/OPS-1', { body: { closed: true } })).status).to.equal(204);
    expect((await admin('PUT', '/permissions', { body: { project: 'OPS', user: 'ann@example.com', workOnIssues: false } })).status).to.equal(204);
    expect((await admin('PUT', '/rate-limits', { body: { burst: { enabled: false, limit: 1, windowMs: 1000 } } })).status).to.equal(204);
    expect((await admin('PATCH', '/site', { body: { hoursPerDay: 7.5 } })).body).to.include({ hoursPerDay: 7.5 });
    const state = (await admin('GET', '/state')).body as { issues: { closed: boolean }[]; projects: { noWorkOnIssues: string[] }[] };
    expect(state.issues[0]?.closed).to.equal(true);
    expect(state.projects[0]?.noWorkOnIssues).to.have.length(1);
  });
});
