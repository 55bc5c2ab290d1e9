import { expect } from 'chai';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { simFetch, worklogBody } from './sim-http.ts';

const INVALID_PAYLOAD = { errorMessages: ['Invalid request payload. Refer to the REST API documentation and try again.'], errors: {} };

describe('jira-sim: bad requests get Jira-shaped errors, never a crash', () => {
  let sim: TestJiraSim;
  const call = (method: string, path: string, req = {}) => simFetch(sim.url, method, path, req);

  beforeEach(async () => {
    sim = await startJiraSim();
  });
  afterEach(async () => {
    expect(sim.loggedErrors, 'no unexpected exceptions').to.deep.equal([]);
    expect((await call('GET', '/rest/api/3/myself')).status, 'still serving').to.equal(200);
    await sim.close();
  });

  it('malformed JSON → 400', async () => {
    const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { raw: '{"started": "2026-' });
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal(INVALID_PAYLOAD);
  });

  it('a body that is not an object → 400', async () => {
    for (const raw of ['[]', '"text"', '42', 'null']) {
      const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { raw });
      expect(res.status, raw).to.equal(400);
    }
  });

  it('wrong types → 400 with errors naming every field', async () => {
    const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', {
      body: { started: 20260214, timeSpentSeconds: '3600', visibility: 'public', properties: {} },
    });
    expect(res.status).to.equal(400);
    expect(Object.keys((res.body as { errors: object }).errors)).to.have.members(['started', 'timeSpentSeconds', 'visibility', 'properties']);
  });

  it('oversized body (over 1 MiB) → 413', async () => {
    const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody({ comment: 'x'.repeat(1_100_000) }) });
    expect(res.status).to.equal(413);
    expect(res.body).to.have.property('errorMessages').with.length(1);
  });

  it('unknown paths and v3-only misuse → Jira-shaped 404', async () => {
    const res = await call('GET', '/rest/api/3/nothing/here');
    expect(res.status).to.equal(404);
    expect(res.body).to.have.property('errorMessages');
  });

  it('a DELETE with Content-Type application/json and no body (as jira.js sends) is fine', async () => {
    const { id } = (await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() })).body as { id: string };
    const res = await call('DELETE', `/rest/api/3/issue/APP-1/worklog/${id}`, { raw: '', contentType: 'application/json' });
    expect(res.status).to.equal(204);
  });

  it('a non-numeric worklog id → 404, and a worklog of another issue → 404', async () => {
    const { id } = (await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() })).body as { id: string };
    expect((await call('GET', '/rest/api/3/issue/APP-1/worklog/abc')).status).to.equal(404);
    expect((await call('GET', `/rest/api/3/issue/APP-2/worklog/${id}`)).status).to.equal(404);
  });

  it('an unexpected exception → Jira-shaped 500, logged', async () => {
    // A value JSON cannot encode stands in for a bug deep in a handler.
    const worklog = { issue: 'APP-1', author: 'john.mcmullan', started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: 60 };
    sim.control.seed({ worklogs: [{ ...worklog, properties: { big: 10n } }] });
    const res = await call('GET', '/rest/api/3/issue/APP-1/worklog/10000?expand=properties');
    expect(res.status).to.equal(500);
    expect(res.body).to.deep.equal({ errorMessages: ['Internal server error.'], errors: {} });
    expect(sim.loggedErrors).to.have.length(1);
    sim.loggedErrors.length = 0;
  });
});
