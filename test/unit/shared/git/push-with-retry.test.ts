import { expect } from 'chai';
import { backoffDelayMs } from '../../../../shared/git/push-with-retry.ts';

describe('backoffDelayMs', () => {
  const backoff = { baseMs: 100, maxMs: 2_000 };

  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelayMs(attempt, backoff, () => 1))).to.deep.equal([100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('jitters between half and all of the ceiling', () => {
    expect(backoffDelayMs(3, backoff, () => 0)).to.equal(200);
    expect(backoffDelayMs(3, backoff, () => 0.5)).to.equal(300);
  });
});
