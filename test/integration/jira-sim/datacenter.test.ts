import { expect } from 'chai';
import { createClient } from 'jira.js/core';
import { DashboardUserSchema, WorklogSchema } from 'jira.js/cloud';
import { z } from 'zod';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { loadJiraOpenApi } from './openapi-conformance.ts';
import { simFetch, worklogBody } from './sim-http.ts';

describe('jira-sim: Data Center flavour', () => {
  let sim: TestJiraSim;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeEach(async () => {
    sim = await startJiraSim({ flavor: 'datacenter' });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('authenticates with a Bearer personal access token and identifies users by name/key', async () => {
    const me = await simFetch(sim.url, 'GET', '/rest/api/2/myself', bearer('demo-token'));
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ name: 'john.mcmullan', key: 'john.mcmullan' });
    expect(me.body).to.not.have.property('accountId');
  });

  it('writes worklogs whose author has name and key, no accountId', async () => {
    const res = await simFetch(sim.url, 'POST', '/rest/api/2/issue/APP-1/worklog', { ...bearer('demo-token'), body: worklogBody({ comment: 'dc' }) });
    expect(res.status).to.equal(201);
    const author = (res.body as { author: Record<string, unknown> }).author;
    expect(author).to.include({ name: 'john.mcmullan', key: 'john.mcmullan' });
    expect(author.self).to.equal(`${sim.url}/rest/api/2/user?username=john.mcmullan`);
    expect(author).to.not.have.property('accountId');
  });

  it('serves only v2: v3 paths are 404', async () => {
    expect((await simFetch(sim.url, 'GET', '/rest/api/3/myself', bearer('demo-token'))).status).to.equal(404);
  });

  it("answers bad credentials with the DC 401 body and X-Seraph-LoginReason", async () => {
    const res = await simFetch(sim.url, 'GET', '/rest/api/2/myself', bearer('wrong'));
    expect(res.status).to.equal(401);
    expect(res.headers.get('x-seraph-loginreason')).to.equal('AUTHENTICATED_FAILED');
    expect(res.body).to.deep.equal({ errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
  });

  it('passes jira.js (Bearer auth, onSchemaMismatch: throw) and the OpenAPI document on v2', async () => {
    const openApi = await loadJiraOpenApi();
    const jira = createClient({ host: sim.url, auth: { type: 'bearer', token: 'demo-token' }, onSchemaMismatch: 'throw' });
    const me = await jira.sendRequest({ url: '/rest/api/2/myself', method: 'GET', schema: DashboardUserSchema.loose() });
    expect(me.displayName).to.equal('John McMullan');
    const dcWorklog = WorklogSchema.extend({ comment: z.string() });
    const created = await jira.sendRequest({
      url: '/rest/api/2/issue/APP-1/worklog', method: 'POST', body: worklogBody({ comment: 'dc' }), schema: dcWorklog,
    });
    const bodies = [
      ['GET', '/rest/api/2/myself', (await simFetch(sim.url, 'GET', '/rest/api/2/myself', bearer('demo-token'))).body],
      ['GET', `/rest/api/2/issue/APP-1/worklog/${created.id!}`, (await simFetch(sim.url, 'GET', `/rest/api/2/issue/APP-1/worklog/${created.id!}`, bearer('demo-token'))).body],
    ] as const;
    for (const [method, path, body] of bodies) {
      const result = openApi.validate(method, path, 200, body);
      expect(result.checked).to.equal(true);
      expect(result.errors, path).to.deep.equal([]);
    }
  });

  it('finds users by username', async () => {
    const res = await simFetch(sim.url, 'GET', '/rest/api/2/user/search?username=sarah', bearer('demo-token'));
    expect((res.body as { name: string }[]).map((u) => u.name)).to.deep.equal(['sarah.jones']);
    const one = await simFetch(sim.url, 'GET', '/rest/api/2/user?username=sarah.jones', bearer('demo-token'));
    expect(one.body).to.include({ name: 'sarah.jones' });
  });
});
