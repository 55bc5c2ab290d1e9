import { expect } from 'chai';
import { FeedReads } from '../../../../controller/from-jira/feed-reads.ts';
import { TransientError } from '../../../../shared/core/tract-error.ts';

describe('FeedReads (the feed reads the repos of a site share)', () => {
  let nowMs: number;
  let loads: string[];
  const reads = (options: { windowMs?: number; maxEntries?: number } = {}): FeedReads => new FeedReads({ nowMs: () => nowMs, ...options });
  const load = (what: string) => async (): Promise<string> => {
    loads.push(what);
    return `${what}@${nowMs}`;
  };
  const serviceAccount = {};
  const otherAccount = {};

  beforeEach(() => {
    nowMs = 0;
    loads = [];
  });

  it('one request for concurrent and later reads of the same page within the window', async () => {
    const feeds = reads({ windowMs: 30_000 });
    const [a, b] = await Promise.all([feeds.read(serviceAccount, 'updated 0', load('p0')), feeds.read(serviceAccount, 'updated 0', load('p0'))]);
    nowMs = 29_999;
    const c = await feeds.read(serviceAccount, 'updated 0', load('p0'));
    expect([a, b, c]).to.deep.equal(['p0@0', 'p0@0', 'p0@0']);
    expect(loads).to.deep.equal(['p0']);
  });

  it('reads again once the window is over, and for other pages and other credentials', async () => {
    const feeds = reads({ windowMs: 30_000 });
    await feeds.read(serviceAccount, 'updated 0', load('p0'));
    await feeds.read(serviceAccount, 'deleted 0', load('d0'));
    await feeds.read(otherAccount, 'updated 0', load('other p0'));
    nowMs = 30_000;
    expect(await feeds.read(serviceAccount, 'updated 0', load('p0'))).to.equal('p0@30000');
    expect(loads).to.deep.equal(['p0', 'd0', 'other p0', 'p0']);
  });

  it('does not keep a failed read: the next caller asks Jira again', async () => {
    const feeds = reads();
    const failing = feeds.read(serviceAccount, 'updated 0', () => Promise.reject(new TransientError('Jira answered 503')));
    await failing.then(() => expect.fail('resolved'), (err: unknown) => expect(err).to.be.instanceOf(TransientError));
    expect(await feeds.read(serviceAccount, 'updated 0', load('p0'))).to.equal('p0@0');
    expect(loads).to.deep.equal(['p0']);
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const feeds = reads({ maxEntries: 2 });
    await feeds.read(serviceAccount, 'updated 0', load('p0'));
    await feeds.read(serviceAccount, 'updated 1', load('p1'));
    await feeds.read(serviceAccount, 'updated 2', load('p2'));
    await feeds.read(serviceAccount, 'updated 1', load('p1'));
    await feeds.read(serviceAccount, 'updated 0', load('p0'));
    expect(loads).to.deep.equal(['p0', 'p1', 'p2', 'p0']);
  });
});
