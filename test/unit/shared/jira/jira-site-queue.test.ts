import { expect } from 'chai';
import { TransientError } from '../../../../shared/core/tract-error.ts';
import { JiraRateLimited } from '../../../../shared/jira/classify-jira-failure.ts';
import { DEFAULT_SITE_POLICY, JiraSiteQueue } from '../../../../shared/jira/jira-site-queue.ts';
import { JIRA_CALLS } from '../../../../shared/jira/jira-worklogs.ts';
import type { JiraWorklog, JiraWorklogs } from '../../../../shared/jira/jira-worklogs.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

/** Fake time whose timers fire 1 ms before the clock reaches their due time, as real timers can. */
function earlyTime(timers: FakeTimers): { nowMs(): number; sleep(ms: number): Promise<void>; random(): number } {
  return {
    nowMs: () => timers.nowMs(),
    sleep: (ms) => new Promise((resolve) => void timers.setTimeout(resolve, Math.max(0, ms - 1))),
    random: () => 0.5,
  };
}

/** Fake time whose timers fire when due. */
function exactTime(timers: FakeTimers): { nowMs(): number; sleep(ms: number): Promise<void>; random(): number } {
  return { nowMs: () => timers.nowMs(), sleep: (ms) => new Promise((resolve) => void timers.setTimeout(resolve, ms)), random: () => 0.5 };
}

/** A port whose every call runs `answer` (counting the calls). */
function fakeJira(answer: (method: string, args: unknown[]) => Promise<unknown>): { jira: JiraWorklogs; calls: string[] } {
  const calls: string[] = [];
  const jira = new Proxy({ site: 'https://jira' }, {
    get: (target, name) => (name === 'site' ? target.site : (...args: unknown[]) => {
      calls.push(String(name));
      return answer(String(name), args);
    }),
  }) as unknown as JiraWorklogs;
  return { jira, calls };
}

const WRITE = { adjustEstimate: 'auto', notifyUsers: false } as const;
const BODY = { started: '2026-02-14T09:00:00.000+01:00', timeSpentSeconds: 3600 };

describe('JiraSiteQueue', () => {
  it('resumes the site after a Retry-After pause even when the timer fires a little early', async () => {
    const timers = new FakeTimers();
    const site = new JiraSiteQueue('https://jira', DEFAULT_SITE_POLICY, earlyTime(timers));
    const { jira, calls } = fakeJira(async () => {
      if (calls.length === 1) throw new JiraRateLimited('slow down', { retryAfterMs: 1000, scope: 'site', limitReason: 'jira-burst-based' });
      return { id: '1', key: 'APP-1', projectKey: 'APP' };
    });
    const done = site.call(jira, 'fetchIssue', 'APP-1');
    await timers.advance(0);
    expect(calls).to.have.length(1);
    await timers.advance(1200);
    expect(await done).to.deep.equal({ id: '1', key: 'APP-1', projectKey: 'APP' });
    expect(calls).to.have.length(2);
  });

  it('retries a transient failure with backoff and gives up after maxRetries', async () => {
    const timers = new FakeTimers();
    const site = new JiraSiteQueue('https://jira', { ...DEFAULT_SITE_POLICY, maxRetries: 2, initialBackoffMs: 100, maxBackoffMs: 400 }, earlyTime(timers));
    const { jira, calls } = fakeJira(async () => {
      throw new TransientError('Jira failed with 503', { reason: 'JiraServerError' });
    });
    const done = site.call(jira, 'fetchWorklogsByIds', ['10']).catch((err: unknown) => err);
    await timers.advance(5000);
    expect(await done).to.be.instanceOf(TransientError);
    expect(calls).to.have.length(3);
  });

  it('does not repeat a create whose outcome is unknown, and repeats an update or a delete', async () => {
    const timers = new FakeTimers();
    const site = new JiraSiteQueue('https://jira', { ...DEFAULT_SITE_POLICY, maxRetries: 1, initialBackoffMs: 100 }, earlyTime(timers));
    const { jira, calls } = fakeJira(async () => {
      throw new TransientError('no answer', { reason: 'OutcomeUnknown' });
    });
    const created = site.call(jira, 'createWorklog', 'APP-1', BODY, { id: 'r1', repo: 'ns/app' }, WRITE).catch((err: unknown) => err);
    const updated = site.call(jira, 'updateWorklog', 'APP-1', '10', BODY, WRITE).catch((err: unknown) => err);
    const deleted = site.call(jira, 'deleteWorklog', 'APP-1', '11', WRITE).catch((err: unknown) => err);
    await timers.advance(1000);
    for (const done of [created, updated, deleted]) expect(await done).to.be.instanceOf(TransientError);
    expect(calls.sort()).to.deep.equal(['createWorklog', 'deleteWorklog', 'deleteWorklog', 'updateWorklog', 'updateWorklog']);
  });

  it('holds only the written issue on a per-issue 429: the issue is the call’s first argument', async () => {
    const timers = new FakeTimers();
    const site = new JiraSiteQueue('https://jira', DEFAULT_SITE_POLICY, exactTime(timers));
    const worklog = (issueId: string): JiraWorklog => ({ id: '1', issueId, author: {}, started: new Date(0), timeSpentSeconds: 60, comment: '', created: new Date(0), updated: new Date(0) });
    const order: string[] = [];
    const { jira } = fakeJira(async (method, args) => {
      order.push(`${method} ${String(args[0])}`);
      if (order.length === 1) throw new JiraRateLimited('slow down', { retryAfterMs: 2000, scope: 'issue', limitReason: 'jira-per-issue-on-write' });
      return worklog(String(args[0]));
    });
    const first = site.call(jira, 'updateWorklog', 'APP-1', '1', BODY, WRITE);
    await timers.advance(0);
    const other = site.call(jira, 'updateWorklog', 'APP-2', '2', BODY, WRITE);
    await timers.advance(500);
    expect(order, 'APP-2 is not held by APP-1’s limit').to.deep.equal(['updateWorklog APP-1', 'updateWorklog APP-2']);
    await timers.advance(2000);
    expect((await first).issueId).to.equal('APP-1');
    expect((await other).issueId).to.equal('APP-2');
    expect(order).to.have.length(3);
  });

  it('decides idempotency once per port method: only a create is not idempotent, and only writes name an issue', () => {
    const kinds = Object.entries(JIRA_CALLS).map(([method, kind]) => `${method}${kind.idempotent ? '' : ' once'}${kind.issueWrite ? ' issue' : ''}`);
    expect(kinds.sort()).to.deep.equal([
      'createWorklog once issue', 'deleteWorklog issue', 'fetchChangedSince', 'fetchIssue', 'fetchMyself', 'fetchTractWorklogs', 'fetchUsersByEmail',
      'fetchWorklogsByIds', 'updateWorklog issue',
    ]);
  });
});
