import { expect } from 'chai';
import { planEstimateChange } from '../../../../tools/jira-sim/estimates.ts';
import { JiraHttpError } from '../../../../tools/jira-sim/jira-error.ts';

const SITE = { hoursPerDay: 8, daysPerWeek: 5 };
const H = 3600;

function errorsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (err) {
    if (err instanceof JiraHttpError) return err.body.errors;
  }
  throw new Error('expected a JiraHttpError');
}

describe('planEstimateChange', () => {
  it('auto follows the time spent and floors at 0; keeps an unset estimate unset', () => {
    const change = planEstimateChange('create', {}, SITE);
    expect(change(5 * H, 2 * H)).to.equal(3 * H);
    expect(change(1 * H, 2 * H)).to.equal(0);
    expect(change(null, 2 * H)).to.equal(null);
  });

  it('new, leave and manual', () => {
    expect(planEstimateChange('create', { adjustEstimate: 'new', newEstimate: '3h' }, SITE)(5 * H, 2 * H)).to.equal(3 * H);
    expect(planEstimateChange('create', { adjustEstimate: 'leave' }, SITE)(5 * H, 2 * H)).to.equal(5 * H);
    expect(planEstimateChange('create', { adjustEstimate: 'manual', reduceBy: '1h' }, SITE)(5 * H, 2 * H)).to.equal(4 * H);
    expect(planEstimateChange('delete', { adjustEstimate: 'manual', increaseBy: '1h' }, SITE)(5 * H, -2 * H)).to.equal(6 * H);
    expect(planEstimateChange('update', { adjustEstimate: 'manual' }, SITE)(5 * H, 2 * H), 'no reduceBy on update').to.equal(5 * H);
  });

  it("answers missing or bad amounts with Jira's field errors", () => {
    expect(errorsOf(() => planEstimateChange('create', { adjustEstimate: 'new' }, SITE))).to.deep.equal({ newEstimate: 'You must supply a valid new estimate.' });
    expect(errorsOf(() => planEstimateChange('create', { adjustEstimate: 'manual' }, SITE))).to.have.property('adjustmentAmount');
    expect(errorsOf(() => planEstimateChange('delete', { adjustEstimate: 'manual', increaseBy: 'x' }, SITE))).to.deep.equal({
      adjustmentAmount: 'Invalid time entered for adjusting the estimate.',
    });
    expect(errorsOf(() => planEstimateChange('create', { adjustEstimate: 'never' }, SITE))).to.have.property('adjustEstimate');
  });
});
