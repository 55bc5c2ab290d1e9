import { expect } from 'chai';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { simFetch, worklogBody } from './sim-http.ts';

describe('jira-sim: REST faults', () => {
  let sim: TestJiraSim;
  const call = (method: string, path: string, req = {}) => simFetch(sim.url, method, path, req);

  beforeEach(async () => {
    sim = await startJiraSim();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('latency: fixed delay plus jitter', async () => {
    sim.control.addFault({ method: 'GET', path: '/myself$', action: { type: 'latency', ms: 120, jitterMs: 30 } });
    expect((await call('GET', '/rest/api/3/myself')).status).to.equal(200);
    const [slow] = sim.control.requests();
    expect(slow!.endMs - slow!.startMs).to.be.at.least(120);
  });

  it('latency: on matching requests only (another path answers while /myself would wait ten minutes)', async () => {
    sim.control.addFault({ method: 'GET', path: '/myself$', action: { type: 'latency', ms: 600_000 } });
    expect((await call('GET', '/rest/api/3/issue/APP-1')).status).to.equal(200);
    expect(sim.control.requests().map((r) => r.path)).to.deep.equal(['/rest/api/3/issue/APP-1']);
  });

  for (const status of [500, 502, 503] as const) {
    it(`${status}: answered instead of the route, with optional Retry-After, \`count\` times`, async () => {
      sim.control.addFault({ method: 'POST', count: 2, action: { type: 'error', status, retryAfterSeconds: 3 } });
      for (let i = 0; i < 2; i++) {
        const res = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() });
        expect(res.status).to.equal(status);
        expect(res.headers.get('retry-after')).to.equal('3');
        expect(res.body).to.have.property('errorMessages');
      }
      expect((await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() })).status).to.equal(201);
      expect(sim.control.state().worklogs).to.have.length(1);
    });
  }

  it('probability: fires on a share of requests (reproducible with randomSeed)', async () => {
    sim.control.addFault({ path: '/myself$', probability: 0.5, action: { type: 'error', status: 503 } });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await call('GET', '/rest/api/3/myself')).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).to.be.within(8, 32);
  });

  it('hang: never answers (the client times out); with ms, the connection drops after that long', async () => {
    sim.control.addFault({ count: 1, path: '/myself$', action: { type: 'hang' } });
    const hung = await fetch(`${sim.url}/rest/api/3/myself`, { signal: AbortSignal.timeout(150) }).catch((e: Error) => e);
    expect(hung).to.be.instanceOf(Error);
    sim.control.addFault({ count: 1, path: '/myself$', action: { type: 'hang', ms: 50 } });
    const dropped = await fetch(`${sim.url}/rest/api/3/myself`).catch((e: Error) => e);
    expect(dropped).to.be.instanceOf(Error);
    expect(sim.control.requests().at(-1)?.status).to.equal(0);
  });

  it('responseLost: the write is applied, then the connection drops without an answer', async () => {
    sim.control.addFault({ method: 'POST', count: 1, action: { type: 'responseLost' } });
    const lost = await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() }).catch((e: Error) => e);
    expect(lost).to.be.instanceOf(Error);
    expect(sim.control.state().worklogs).to.have.length(1);
    expect(sim.control.requests().at(-1)).to.include({ method: 'POST', status: 0 });
  });

  it('faults can be listed, removed and cleared', async () => {
    const rule = sim.control.addFault({ action: { type: 'error', status: 500 } });
    expect(sim.control.faults().map((f) => f.id)).to.deep.equal([rule.id]);
    expect(sim.control.removeFault(rule.id)).to.equal(true);
    sim.control.addFault({ action: { type: 'error', status: 500 } });
    sim.control.clearFaults();
    expect((await call('GET', '/rest/api/3/myself')).status).to.equal(200);
  });
});
