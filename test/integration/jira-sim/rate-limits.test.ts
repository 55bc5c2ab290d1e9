import { expect } from 'chai';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { simFetch, worklogBody } from './sim-http.ts';

const RATE_LIMITED = { errorMessages: ['The request has been rate-limited. Please try again later.'], errors: {}, status: 429 };
const RESET_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/;

describe('jira-sim: rate limits', () => {
  let sim: TestJiraSim;
  const call = (method: string, path: string, req = {}) => simFetch(sim.url, method, path, req);
  const write = (issue: string, as?: string) => call('POST', `/rest/api/3/issue/${issue}/worklog`, { body: worklogBody(), as });

  afterEach(async () => {
    await sim.close();
  });

  it('per issue: the 21st write within 2 s is a 429 with jira-per-issue-on-write and the real headers', async () => {
    sim = await startJiraSim();
    for (let i = 0; i < 20; i++) expect((await write('APP-1', i % 2 === 0 ? undefined : 'sarah.jones@example.com')).status).to.equal(201);
    const limited = await write('APP-1');
    expect(limited.status).to.equal(429);
    expect(limited.body).to.deep.equal(RATE_LIMITED);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 2);
    expect(limited.headers.get('ratelimit-reason')).to.equal('jira-per-issue-on-write');
    expect(limited.headers.get('x-ratelimit-limit')).to.equal('20');
    expect(limited.headers.get('x-ratelimit-remaining')).to.equal('0');
    expect(limited.headers.get('x-ratelimit-reset')).to.match(RESET_FORMAT);
    expect(limited.headers.get('x-ratelimit-nearlimit')).to.equal('true');
    expect((await write('APP-2')).status, 'another issue is not limited').to.equal(201);
    sim.control.advanceClock(2_001);
    expect((await write('APP-1')).status).to.equal(201);
  });

  it('per issue: at most 100 writes in 30 s', async () => {
    sim = await startJiraSim();
    for (let i = 0; i < 100; i++) {
      if (i > 0 && i % 20 === 0) sim.control.advanceClock(2_001);
      expect((await write('APP-1')).status).to.equal(201);
    }
    sim.control.advanceClock(2_001);
    const limited = await write('APP-1');
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('x-ratelimit-limit')).to.equal('100');
    expect(Number(limited.headers.get('retry-after'))).to.be.within(20, 30);
  });

  it('burst: per user × endpoint × method, answered with jira-burst-based', async () => {
    sim = await startJiraSim({ rateLimits: { burst: { enabled: true, limit: 5, windowMs: 1000 } } });
    for (let i = 0; i < 5; i++) expect((await call('GET', '/rest/api/3/myself')).status).to.equal(200);
    const limited = await call('GET', '/rest/api/3/myself');
    expect(limited.status).to.equal(429);
    expect(limited.body).to.deep.equal(RATE_LIMITED);
    expect(limited.headers.get('ratelimit-reason')).to.equal('jira-burst-based');
    expect(limited.headers.get('x-ratelimit-limit')).to.equal('5');
    expect((await call('GET', '/rest/api/3/myself', { as: 'sarah.jones@example.com' })).status, 'other user').to.equal(200);
    expect((await call('GET', '/rest/api/3/issue/APP-1')).status, 'other endpoint').to.equal(200);
    sim.control.advanceClock(1_001);
    expect((await call('GET', '/rest/api/3/myself')).status).to.equal(200);
  });

  it('burst: worklogs of different issues count as one endpoint', async () => {
    sim = await startJiraSim({ rateLimits: { burst: { enabled: true, limit: 3, windowMs: 1000 } } });
    for (const issue of ['APP-1', 'APP-2', 'APP-3']) expect((await write(issue)).status).to.equal(201);
    expect((await write('APP-4')).headers.get('ratelimit-reason')).to.equal('jira-burst-based');
  });

  it('limits are configurable (and can be switched off)', async () => {
    sim = await startJiraSim({ rateLimits: { perIssueWrite: { enabled: false, windows: [] } } });
    for (let i = 0; i < 30; i++) expect((await write('APP-1')).status).to.equal(201);
    sim.control.setRateLimits({ perIssueWrite: { enabled: true, windows: [{ limit: 2, windowMs: 10_000 }] } });
    await write('APP-1');
    await write('APP-1');
    expect((await write('APP-1')).status).to.equal(429);
  });

  it('a fault can inject N 429s with or without Retry-After', async () => {
    sim = await startJiraSim();
    sim.control.addFault({ method: 'POST', path: '/worklog$', count: 1, action: { type: 'rateLimit', retryAfterSeconds: 7 } });
    sim.control.addFault({ method: 'POST', path: '/worklog$', count: 1, action: { type: 'rateLimit' } });
    const first = await write('APP-1');
    expect(first.status).to.equal(429);
    expect(first.headers.get('retry-after')).to.equal('7');
    const second = await write('APP-1');
    expect(second.status).to.equal(429);
    expect(second.headers.has('retry-after')).to.equal(false);
    expect(second.body).to.deep.equal(RATE_LIMITED);
    expect((await write('APP-1')).status).to.equal(201);
    expect(sim.control.state().worklogs).to.have.length(1);
  });
});
