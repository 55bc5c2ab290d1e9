import { expect } from 'chai';
import { TransientError } from '../../../../shared/core/tract-error.ts';
import { JiraRateLimited } from '../../../../shared/jira/classify-jira-failure.ts';
import { DEFAULT_SITE_POLICY, JiraSiteQueue } from '../../../../shared/jira/jira-site-queue.ts';
import { FakeTimers } from '../../../support/fake-timers.ts';

/** Fake time whose timers fire 1 ms before the clock reaches their due time, as real timers can. */
function earlyTime(timers: FakeTimers): { nowMs(): number; sleep(ms: number): Promise<void>; random(): number } {
  return {
    nowMs: () => timers.nowMs(),
    sleep: (ms) => new Promise((resolve) => void timers.setTimeout(resolve, Math.max(0, ms - 1))),
    random: () => 0.5,
  };
}

describe('JiraSiteQueue', () => {
  it('resumes the site after a Retry-After pause even when the timer fires a little early', async () => {
    const timers = new FakeTimers();
    const site = new JiraSiteQueue('https://jira', DEFAULT_SITE_POLICY, earlyTime(timers));
    let calls = 0;
    const done = site.run(async () => {
      calls += 1;
      if (calls === 1) throw new JiraRateLimited('slow down', { retryAfterMs: 1000, scope: 'site', limitReason: 'jira-burst-based' });
      return 'ok';
    }, { idempotent: true });
    await timers.advance(0);
    expect(calls).to.equal(1);
    await timers.advance(1200);
    expect(await done).to.equal('ok');
    expect(calls).to.equal(2);
  });

  it('retries a transient failure with backoff and gives up after maxRetries', async () => {
    const timers = new FakeTimers();
    const site = new JiraSiteQueue('https://jira', { ...DEFAULT_SITE_POLICY, maxRetries: 2, initialBackoffMs: 100, maxBackoffMs: 400 }, earlyTime(timers));
    let calls = 0;
    const done = site.run(async () => {
      calls += 1;
      throw new TransientError('Jira failed with 503', { reason: 'JiraServerError' });
    }, { idempotent: true }).catch((err: unknown) => err);
    await timers.advance(5000);
    expect(await done).to.be.instanceOf(TransientError);
    expect(calls).to.equal(3);
  });

  it('does not repeat a create whose outcome is unknown', async () => {
    const timers = new FakeTimers();
    const site = new JiraSiteQueue('https://jira', DEFAULT_SITE_POLICY, earlyTime(timers));
    let calls = 0;
    const done = site.run(async () => {
      calls += 1;
      throw new TransientError('no answer', { reason: 'OutcomeUnknown' });
    }, { idempotent: false }).catch((err: unknown) => err);
    await timers.advance(1000);
    expect(await done).to.be.instanceOf(TransientError);
    expect(calls).to.equal(1);
  });
});
