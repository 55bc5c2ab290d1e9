import { expect } from 'chai';
import { type TestJiraSim, startJiraSim } from '../../support/jira-sim.ts';
import { simFetch, worklogBody } from './sim-http.ts';

interface Page {
  values: { worklogId: number; updatedTime: number }[];
  since: number;
  until: number;
  lastPage: boolean;
  nextPage?: string;
  self: string;
}

describe('jira-sim: worklog/updated, worklog/deleted and worklog/list', () => {
  let sim: TestJiraSim;
  const call = (method: string, path: string, req = {}) => simFetch(sim.url, method, path, req);
  const feed = async (path: string): Promise<Page> => (await call('GET', path)).body as Page;

  afterEach(async () => {
    await sim.close();
  });

  it('withholds changes from the last minute (feedDelayMs 60000) until the clock moves on', async () => {
    sim = await startJiraSim({ feedDelayMs: 60_000 });
    const { id } = (await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() })).body as { id: string };
    expect((await feed('/rest/api/3/worklog/updated?since=0')).values).to.deep.equal([]);
    await call('DELETE', `/rest/api/3/issue/APP-1/worklog/${id}`);
    expect((await feed('/rest/api/3/worklog/deleted?since=0')).values).to.deep.equal([]);
    sim.control.advanceClock(60_001);
    expect((await feed('/rest/api/3/worklog/deleted?since=0')).values.map((v) => v.worklogId)).to.deep.equal([Number(id)]);
  });

  it('pages 1,000 items oldest first with since / until / nextPage / lastPage', async () => {
    sim = await startJiraSim();
    const worklogs = Array.from({ length: 1001 }, (_, i) => ({
      issue: 'APP-1', author: 'john.mcmullan', started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: 60 * (i + 1),
    }));
    expect(sim.control.seed({ worklogs })).to.deep.equal([]);
    sim.control.advanceClock(1000);
    await call('PUT', '/rest/api/3/issue/APP-1/worklog/10000', { body: { timeSpentSeconds: 120 } });
    const first = await feed('/rest/api/3/worklog/updated?since=0');
    expect(first.values).to.have.length(1000);
    expect(first.lastPage).to.equal(false);
    expect(first.until).to.equal(first.values.at(-1)?.updatedTime);
    expect(first.values[0]?.worklogId).to.equal(10001);
    expect(first.nextPage).to.equal(`${sim.url}/rest/api/3/worklog/updated?since=${first.until}`);
    const second = await feed(new URL(first.nextPage!).pathname + new URL(first.nextPage!).search);
    expect(second.lastPage).to.equal(true);
    expect(second).to.not.have.property('nextPage');
    expect(second.values.at(-1)?.worklogId).to.equal(10000);
  });

  it('takes `since` as an exclusive millisecond cursor', async () => {
    sim = await startJiraSim();
    await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() });
    const all = await feed('/rest/api/3/worklog/updated?since=0');
    expect(all.values).to.have.length(1);
    const later = await feed(`/rest/api/3/worklog/updated?since=${all.until}`);
    expect(later.values).to.deep.equal([]);
    expect(later.lastPage).to.equal(true);
  });

  it('never splits one millisecond across pages, so `since = until` neither loses nor repeats items', async () => {
    sim = await startJiraSim({ feedPageSize: 2 });
    const worklog = { issue: 'APP-1', author: 'john.mcmullan', started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: 60 };
    sim.control.seed({ worklogs: [worklog, worklog, worklog] });
    sim.control.advanceClock(5);
    sim.control.seed({ worklogs: [worklog] });
    const first = await feed('/rest/api/3/worklog/updated?since=0');
    expect(first.values.map((v) => v.worklogId)).to.deep.equal([10000, 10001, 10002]);
    expect(first.lastPage).to.equal(false);
    const second = await feed(`/rest/api/3/worklog/updated?since=${first.until}`);
    expect(second.values.map((v) => v.worklogId)).to.deep.equal([10003]);
    expect(second.lastPage).to.equal(true);
  });

  it('worklog/list returns a bare array of the ids that exist and rejects empty or > 1000 ids', async () => {
    sim = await startJiraSim();
    await call('POST', '/rest/api/3/issue/APP-1/worklog', { body: worklogBody() });
    const list = await call('POST', '/rest/api/3/worklog/list', { body: { ids: [10000, 424242] } });
    expect((list.body as { id: string }[]).map((w) => w.id)).to.deep.equal(['10000']);
    expect((await call('POST', '/rest/api/3/worklog/list', { body: { ids: [] } })).status).to.equal(400);
    const tooMany = Array.from({ length: 1001 }, (_, i) => i + 1);
    expect((await call('POST', '/rest/api/3/worklog/list', { body: { ids: tooMany } })).status).to.equal(400);
    expect((await call('POST', '/rest/api/3/worklog/list', { body: { ids: ['a'] } })).status).to.equal(400);
  });
});
