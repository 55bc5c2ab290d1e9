import { expect } from 'chai';
import { readRecordDuration, recordDurationSeconds } from '../../../../shared/core/record-duration.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

describe('recordDurationSeconds', () => {
  it('reads durations as parseDuration does', () => {
    expect(recordDurationSeconds('1h 30m')).to.equal(5400);
    expect(recordDurationSeconds('1d', { hoursPerDay: 7.5, daysPerWeek: 5 })).to.equal(27000);
  });

  it('gives undefined and the reason for a bad duration', () => {
    expect(recordDurationSeconds('30s')).to.equal(undefined);
    expect(readRecordDuration('30s').problem).to.match(/seconds are not supported/);
  });

  it('lets bad units surface as the caller’s error', () => {
    expect(() => recordDurationSeconds('2h', { hoursPerDay: 0, daysPerWeek: 5 })).to.throw(ValidationError, /hoursPerDay/);
  });
});
