import { expect } from 'chai';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { STARTED, simFetch, worklogBody } from './sim-http.ts';

const SARAH = 'sarah.jones@example.com';
const WORKLOG_NULL = 'Worklog must not be null.';

describe("jira-sim: Jira's worklog rules", () => {
  let sim: TestJiraSim;
  const call = (method: string, path: string, req = {}) => simFetch(sim.url, method, path, req);

  beforeEach(async () => {
    sim = await startJiraSim();
  });
  afterEach(async () => {
    expect(sim.loggedErrors).to.deep.equal([]);
    await sim.close();
  });

  it("rejects `started` ending in Z with Jira's 400 body", async () => {
    const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody({ started: '2026-02-14T09:00:00.000Z' }) });
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({
      errorMessages: [WORKLOG_NULL],
      errors: { started: 'Invalid date format. Please enter the date in the format "yyyy-MM-dd\'T\'HH:mm:ss.SSSZ".' },
    });
  });

  it('rejects less than 60 seconds (and no time at all)', async () => {
    for (const body of [worklogBody({ timeSpentSeconds: 59 }), { started: STARTED }]) {
      const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body });
      expect(res.status).to.equal(400);
      expect(res.body).to.deep.equal({ errorMessages: [WORKLOG_NULL], errors: { timeLogged: 'You must indicate the time spent working.' } });
    }
    expect(sim.control.state().worklogs).to.deep.equal([]);
  });

  it('rejects an invalid timeSpent notation', async () => {
    const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: { started: STARTED, timeSpent: 'two hours' } });
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({ errorMessages: [WORKLOG_NULL], errors: { timeLogged: 'Invalid time duration entered.' } });
  });

  it("answers an unknown issue with 404 and Jira's body", async () => {
    const res = await call('POST', '/rest/api/3/issue/APP-9999/worklog', { body: worklogBody() });
    expect(res.status).to.equal(404);
    expect(res.body).to.deep.equal({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
  });

  it('answers an unknown worklog id on a known issue with 404', async () => {
    const res = await call('GET', '/rest/api/3/issue/APP-1/worklog/99999');
    expect(res.status).to.equal(404);
  });

  it('answers requests without credentials, or with a wrong token, with 401', async () => {
    const none = await call('GET', '/rest/api/3/myself', { as: null });
    expect(none.status).to.equal(401);
    expect(none.body).to.deep.equal({ errorMessages: ['Client must be authenticated to access this resource.'], errors: {} });
    const wrong = await call('GET', '/rest/api/3/myself', { authorization: `Basic ${Buffer.from('john.mcmullan@example.com:nope').toString('base64')}` });
    expect(wrong.status).to.equal(401);
  });

  it('can answer anonymous issue requests with 404, as some real sites do', async () => {
    const anonymous = await startJiraSim({ anonymousAccess: 'issue-not-found' });
    try {
      const res = await simFetch(anonymous.url, 'GET', '/rest/api/3/issue/APP-1/worklog', { as: null });
      expect(res.status).to.equal(404);
      expect((await simFetch(anonymous.url, 'GET', '/rest/api/3/myself', { as: null })).status).to.equal(401);
    } finally {
      await anonymous.close();
    }
  });

  it('answers 403 when the user lacks "Work on issues" in the project', async () => {
    sim.control.setWorkOnIssues('APP', SARAH, false);
    const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { as: SARAH, body: worklogBody() });
    expect(res.status).to.equal(403);
    expect(res.body).to.deep.equal({ errorMessages: ['You do not have the permission to associate a worklog to this issue.'], errors: {} });
    expect((await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() })).status).to.equal(201);
  });

  it('answers 400 for an issue in a non-editable (closed) workflow state', async () => {
    sim.control.updateIssue('APP-2', { closed: true });
    const res = await call('POST', '/rest/api/3/issue/APP-2/worklog', { body: worklogBody() });
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({ errorMessages: ['You can not edit the issue as it is in a non-editable workflow state.'], errors: {} });
  });

  it('fails every worklog operation when time tracking is disabled', async () => {
    sim.control.updateSite({ timeTrackingEnabled: false });
    const message = 'Can not perform the requested operation, time tracking is disabled in JIRA.';
    const add = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() });
    expect(add.status).to.equal(400);
    expect(add.body).to.deep.equal({ errorMessages: [message], errors: {} });
    const list = await call('GET', '/rest/api/3/issue/APP-1/worklog');
    expect(list.status).to.equal(404);
    expect(list.body).to.deep.equal({ errorMessages: [message], errors: {} });
  });

  it('enforces the per-issue worklog cap with 413', async () => {
    sim.control.updateSite({ maxWorklogsPerIssue: 2 });
    for (let i = 0; i < 2; i++) expect((await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() })).status).to.equal(201);
    const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() });
    expect(res.status).to.equal(413);
    expect(res.body).to.have.property('errorMessages').that.has.length(1);
    expect((await call('POST', '/rest/api/3/issue/APP-2/worklog', { body: worklogBody() })).status).to.equal(201);
  });

  it('records the authenticated user as author and updateAuthor, ignoring any author in the body', async () => {
    const created = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody({ author: { accountId: 'someone-else' } }) });
    const { id, author } = created.body as { id: string; author: { emailAddress: string } };
    expect(author.emailAddress).to.equal('john.mcmullan@example.com');
    const updated = await call('PUT', `/rest/api/3/issue/APP-1/worklog/${id}`, { as: SARAH, body: { timeSpentSeconds: 7200 } });
    const body = updated.body as { author: { emailAddress: string }; updateAuthor: { emailAddress: string } };
    expect(body.author.emailAddress).to.equal('john.mcmullan@example.com');
    expect(body.updateAuthor.emailAddress).to.equal(SARAH);
  });

  it("renders created, updated and started in the caller's time zone with ±hhmm", async () => {
    sim.control.advanceClock(Date.parse('2026-07-01T12:00:00Z') - sim.control.nowMs());
    const created = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody({ started: '2026-02-14T09:00:00.000+0100' }) });
    const john = created.body as { id: string; started: string; created: string };
    expect(john.started).to.equal('2026-02-14T08:00:00.000+0000');
    expect(john.created).to.match(/^2026-07-01T13:00:0\d\.\d{3}\+0100$/);
    const asSarah = (await call('GET', `/rest/api/3/issue/APP-1/worklog/${john.id}`, { as: SARAH })).body as { started: string; updated: string };
    expect(asSarah.started).to.equal('2026-02-14T03:00:00.000-0500');
    expect(asSarah.updated).to.match(/^2026-07-01T08:00:0\d\.\d{3}-0400$/);
  });

  it('gives worklog ids as strings in Worklog and as numbers in the feeds; ids start at 10000', async () => {
    const created = (await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() })).body as { id: unknown; issueId: unknown };
    expect(created.id).to.equal('10000');
    expect(created.issueId).to.equal('10000');
    const feed = (await call('GET', '/rest/api/3/worklog/updated?since=0')).body as { values: { worklogId: unknown }[] };
    expect(feed.values[0]?.worklogId).to.equal(10000);
  });

  it('uses the numeric issue id in `self`, even when the request used the key', async () => {
    const created = (await call('POST', '/rest/api/3/issue/app-3/worklog', { body: worklogBody() })).body as { self: string };
    expect(created.self).to.equal(`${sim.url}/rest/api/3/issue/10002/worklog/10000`);
  });

  it('v3 requires an ADF comment; v2 takes a string and ignores an ADF object', async () => {
    const v3 = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody({ comment: 'plain' }) });
    expect(v3.status).to.equal(400);
    expect((v3.body as { errors: Record<string, string> }).errors).to.have.property('comment');
    const adf = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] };
    const v2 = await call('POST', '/rest/api/2/issue/APP-1/worklog', { body: worklogBody({ comment: adf }) });
    expect(v2.status).to.equal(201);
    expect(v2.body).to.not.have.property('comment');
  });

  it('returns properties only with expand=properties', async () => {
    const body = worklogBody({ properties: [{ key: 'tract', value: { id: 'r1' } }] });
    const plain = (await call('POST', '/rest/api/3/issue/APP-1/worklog', { body })).body as { id: string };
    expect(plain).to.not.have.property('properties');
    const expanded = (await call('GET', `/rest/api/3/issue/APP-1/worklog/${plain.id}?expand=properties`)).body;
    expect(expanded).to.have.deep.property('properties', [{ key: 'tract', value: { id: 'r1' } }]);
  });

  it('pages the issue list with startAt / maxResults / total and filters by startedAfter / startedBefore (ms)', async () => {
    for (const hour of ['08', '09', '10', '11']) {
      await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody({ started: `2026-02-14T${hour}:00:00.000+0000` }) });
    }
    const page = (await call('GET', '/rest/api/3/issue/APP-1/worklog?startAt=1&maxResults=2')).body as { total: number; worklogs: { id: string }[] };
    expect(page.total).to.equal(4);
    expect(page.worklogs.map((w) => w.id)).to.deep.equal(['10001', '10002']);
    const after = Date.parse('2026-02-14T09:00:00Z');
    const before = Date.parse('2026-02-14T11:00:00Z');
    const filtered = (await call('GET', `/rest/api/3/issue/APP-1/worklog?startedAfter=${after}&startedBefore=${before}`)).body as { total: number };
    expect(filtered.total).to.equal(2);
    expect((await call('GET', '/rest/api/3/issue/APP-1/worklog?startAt=abc')).status).to.equal(404);
  });

  it('reads timeSpent in Jira notation with the site working day', async () => {
    sim.control.updateSite({ hoursPerDay: 7.5 });
    const res = (await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: { started: STARTED, timeSpent: '1d 30m' } })).body as { timeSpentSeconds: number; timeSpent: string };
    expect(res.timeSpentSeconds).to.equal(8 * 3600);
    expect(res.timeSpent).to.equal('1d 30m');
  });

  it('limits worklog property values to 32768 characters and answers 404 for a missing property', async () => {
    const { id } = (await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() })).body as { id: string };
    const big = await call('PUT', `/rest/api/3/issue/APP-1/worklog/${id}/properties/big`, { body: { v: 'x'.repeat(32_768) } });
    expect(big.status).to.equal(400);
    expect((await call('GET', `/rest/api/3/issue/APP-1/worklog/${id}/properties/missing`)).status).to.equal(404);
  });
});
