import { expect } from 'chai';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { simFetch, worklogBody } from './sim-http.ts';

const H = 3600;

describe('jira-sim: time-tracking estimates and adjustEstimate', () => {
  let sim: TestJiraSim;
  const call = (method: string, path: string, req = {}) => simFetch(sim.url, method, path, req);
  const remaining = () => sim.control.state().issues.find((i) => i.key === 'APP-1')?.remainingEstimateSeconds;
  const add = (query: string, seconds = 2 * H) => call('POST', `/rest/api/3/issue/APP-1/worklog${query}`, { body: worklogBody({ timeSpentSeconds: seconds }) });

  beforeEach(async () => {
    sim = await startJiraSim();
    sim.control.updateIssue('APP-1', { originalEstimateSeconds: 10 * H, remainingEstimateSeconds: 10 * H });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('auto (the default) reduces the remaining estimate by the time spent, never below 0', async () => {
    await add('');
    expect(remaining()).to.equal(8 * H);
    await add('?adjustEstimate=auto', 20 * H);
    expect(remaining()).to.equal(0);
  });

  it('new sets the remaining estimate to newEstimate', async () => {
    await add('?adjustEstimate=new&newEstimate=1d');
    expect(remaining()).to.equal(8 * H);
  });

  it('new without (or with an invalid) newEstimate is a 400 and writes nothing', async () => {
    for (const query of ['?adjustEstimate=new', '?adjustEstimate=new&newEstimate=soon']) {
      const res = await add(query);
      expect(res.status).to.equal(400);
      expect(res.body).to.deep.equal({ errorMessages: ['Worklog must not be null.'], errors: { newEstimate: 'You must supply a valid new estimate.' } });
    }
    expect(sim.control.state().worklogs).to.deep.equal([]);
    expect(remaining()).to.equal(10 * H);
  });

  it('leave keeps the remaining estimate', async () => {
    await add('?adjustEstimate=leave');
    expect(remaining()).to.equal(10 * H);
  });

  it('manual reduces by reduceBy on add; missing or invalid reduceBy is a 400', async () => {
    await add('?adjustEstimate=manual&reduceBy=3h');
    expect(remaining()).to.equal(7 * H);
    const missing = await add('?adjustEstimate=manual');
    expect(missing.status).to.equal(400);
    expect(missing.body).to.have.nested.property('errors.adjustmentAmount', 'You must supply a valid amount of time to adjust the estimate by.');
    const invalid = await add('?adjustEstimate=manual&reduceBy=lots');
    expect(invalid.body).to.have.nested.property('errors.adjustmentAmount', 'Invalid time entered for adjusting the estimate.');
  });

  it('rejects an unknown adjustEstimate value', async () => {
    expect((await add('?adjustEstimate=sometimes')).status).to.equal(400);
  });

  it('auto on update adjusts by the difference between old and new time', async () => {
    const { id } = (await add('')).body as { id: string };
    await call('PUT', `/rest/api/3/issue/APP-1/worklog/${id}`, { body: { timeSpentSeconds: 3 * H } });
    expect(remaining()).to.equal(7 * H);
    await call('PUT', `/rest/api/3/issue/APP-1/worklog/${id}`, { body: { timeSpentSeconds: 1 * H } });
    expect(remaining()).to.equal(9 * H);
  });

  it('auto on delete gives the time back; manual uses increaseBy; new sets it', async () => {
    const a = ((await add('')).body as { id: string }).id;
    const b = ((await add('')).body as { id: string }).id;
    const c = ((await add('')).body as { id: string }).id;
    expect(remaining()).to.equal(4 * H);
    await call('DELETE', `/rest/api/3/issue/APP-1/worklog/${a}`);
    expect(remaining()).to.equal(6 * H);
    await call('DELETE', `/rest/api/3/issue/APP-1/worklog/${b}?adjustEstimate=manual&increaseBy=30m`);
    expect(remaining()).to.equal(6.5 * H);
    const missing = await call('DELETE', `/rest/api/3/issue/APP-1/worklog/${c}?adjustEstimate=manual`);
    expect(missing.status).to.equal(400);
    await call('DELETE', `/rest/api/3/issue/APP-1/worklog/${c}?adjustEstimate=new&newEstimate=1h`);
    expect(remaining()).to.equal(1 * H);
  });

  it('shows estimates and time spent in issue?fields=timetracking', async () => {
    await add('');
    const issue = (await call('GET', '/rest/api/3/issue/APP-1?fields=timetracking')).body as { fields: Record<string, unknown> };
    expect(issue.fields).to.deep.equal({
      timetracking: {
        originalEstimate: '1d 2h', originalEstimateSeconds: 10 * H,
        remainingEstimate: '1d', remainingEstimateSeconds: 8 * H,
        timeSpent: '2h', timeSpentSeconds: 2 * H,
      },
    });
  });
});
