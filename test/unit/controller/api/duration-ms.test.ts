import { expect } from 'chai';
import { durationMs } from '../../../../controller/api/duration-ms.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

describe('durationMs', () => {
  it('reads the CRD duration forms', () => {
    expect(durationMs('100ms')).to.equal(100);
    expect(durationMs('30s')).to.equal(30_000);
    expect(durationMs('1m')).to.equal(60_000);
    expect(durationMs('1h30m')).to.equal(5_400_000);
    expect(durationMs('1.5s')).to.equal(1500);
  });

  it('refuses anything else, naming the field', () => {
    expect(() => durationMs('10x', 'spec.interval')).to.throw(ValidationError, 'spec.interval: expected a duration');
    expect(() => durationMs('')).to.throw(ValidationError);
    expect(() => durationMs('5')).to.throw(ValidationError);
  });
});
