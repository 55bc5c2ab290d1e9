import { expect } from 'chai';
import { IssueWriteLimiter } from '../../../../shared/jira/issue-write-limiter.ts';

function manualTime(): { nowMs(): number; sleep(ms: number): Promise<void>; slept: number[]; set(ms: number): void } {
  let now = 0;
  const slept: number[] = [];
  return {
    nowMs: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    slept,
    set: (ms) => void (now = ms),
  };
}

describe('IssueWriteLimiter', () => {
  it('lets 20 writes to one issue through in 2 s, then waits for the oldest to age out', async () => {
    const time = manualTime();
    const limiter = new IssueWriteLimiter(time);
    for (let i = 0; i < 20; i += 1) await limiter.acquire('APP-1');
    expect(time.slept).to.deep.equal([]);
    expect(limiter.waitMs('APP-1')).to.equal(2000);
    await limiter.acquire('APP-1');
    expect(time.slept).to.deep.equal([2000]);
  });

  it('counts issues separately', async () => {
    const time = manualTime();
    const limiter = new IssueWriteLimiter(time);
    for (let i = 0; i < 20; i += 1) await limiter.acquire('APP-1');
    expect(limiter.waitMs('APP-2')).to.equal(0);
  });

  it('holds at 100 writes in 30 s even when spread out', async () => {
    const time = manualTime();
    const limiter = new IssueWriteLimiter(time);
    for (let i = 0; i < 100; i += 1) {
      time.set(i * 200);
      await limiter.acquire('APP-1');
    }
    time.set(20_000);
    expect(limiter.waitMs('APP-1')).to.equal(10_000);
  });

  it('holds one issue after its own 429', () => {
    const time = manualTime();
    const limiter = new IssueWriteLimiter(time);
    limiter.hold('APP-1', 1500);
    expect(limiter.waitMs('APP-1')).to.equal(1500);
    expect(limiter.waitMs('APP-2')).to.equal(0);
  });
});
