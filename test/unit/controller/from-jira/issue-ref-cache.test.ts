import { expect } from 'chai';
import { IssueRefCache } from '../../../../controller/from-jira/issue-ref-cache.ts';
import { TransientError, ValidationError } from '../../../../shared/core/tract-error.ts';
import type { JiraIssueRef } from '../../../../shared/jira/jira-worklogs.ts';

const SITE = 'https://example.atlassian.net';

describe('IssueRefCache', () => {
  let nowMs: number;
  let loads: string[];
  const cache = (options: { maxEntries?: number; ttlMs?: number } = {}): IssueRefCache => new IssueRefCache({ nowMs: () => nowMs, ...options });
  const load = (id: string, key = `APP-${id}`) => async (): Promise<JiraIssueRef> => {
    loads.push(id);
    return { id, key, projectKey: key.split('-')[0]! };
  };

  beforeEach(() => {
    nowMs = 0;
    loads = [];
  });

  it('loads an issue once, also for concurrent lookups', async () => {
    const c = cache();
    const [a, b] = await Promise.all([c.fetch(SITE, '1', load('1')), c.fetch(SITE, '1', load('1'))]);
    expect(a).to.deep.equal({ id: '1', key: 'APP-1', projectKey: 'APP' });
    expect(b).to.deep.equal(a);
    expect(await c.fetch(SITE, '1', load('1'))).to.deep.equal(a);
    expect(loads).to.deep.equal(['1']);
  });

  it('keeps sites apart', async () => {
    const c = cache();
    await c.fetch(SITE, '1', load('1'));
    expect(await c.fetch('https://other.example.com', '1', load('1', 'OPS-1'))).to.deep.include({ key: 'OPS-1' });
  });

  it('loads again after the TTL, so that a moved issue is seen', async () => {
    const c = cache({ ttlMs: 1000 });
    await c.fetch(SITE, '1', load('1'));
    nowMs = 999;
    await c.fetch(SITE, '1', load('1'));
    nowMs = 1000;
    expect(await c.fetch(SITE, '1', load('1', 'OPS-9'))).to.deep.include({ key: 'OPS-9' });
    expect(loads).to.deep.equal(['1', '1']);
  });

  it('forgets the least recently used issue beyond maxEntries', async () => {
    const c = cache({ maxEntries: 2 });
    await c.fetch(SITE, '1', load('1'));
    await c.fetch(SITE, '2', load('2'));
    await c.fetch(SITE, '1', load('1'));
    await c.fetch(SITE, '3', load('3'));
    await c.fetch(SITE, '1', load('1'));
    await c.fetch(SITE, '2', load('2'));
    expect(loads).to.deep.equal(['1', '2', '3', '2']);
  });

  it('answers undefined for an issue Jira does not show, without caching that', async () => {
    const c = cache();
    const missing = async (): Promise<JiraIssueRef> => {
      loads.push('missing');
      throw new ValidationError('Issue ? not found in Jira', { reason: 'IssueNotFound' });
    };
    expect(await c.fetch(SITE, '9', missing)).to.equal(undefined);
    expect(await c.fetch(SITE, '9', load('9'))).to.deep.include({ key: 'APP-9' });
  });

  it('passes other failures on and does not cache them', async () => {
    const c = cache();
    const err = await c.fetch(SITE, '1', () => Promise.reject(new TransientError('Jira did not answer'))).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TransientError);
    expect(await c.fetch(SITE, '1', load('1'))).to.deep.include({ key: 'APP-1' });
  });
});
