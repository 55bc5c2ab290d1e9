import { expect } from 'chai';
import { DEFAULT_DURATION_UNITS, MAX_DURATION_SECONDS, parseDuration } from '../../../../shared/core/parse-duration.ts';
import type { DurationUnits } from '../../../../shared/core/parse-duration.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

function rejection(text: string, units?: DurationUnits): ValidationError {
  try {
    parseDuration(text, units);
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('parseDuration', () => {
  it('defaults to 8-hour days and 5-day weeks', () => {
    expect(DEFAULT_DURATION_UNITS).to.deep.equal({ hoursPerDay: 8, daysPerWeek: 5 });
  });

  const accepted: [string, number][] = [
    ['2h', 7200],
    ['30m', 1800],
    ['1d', 28800],
    ['1w', 144000],
    ['1.5h', 5400],
    ['1h30m', 5400],
    ['1h 30m', 5400],
    ['1d 4h', 43200],
    ['1w 2d 3h 4m', 144000 + 57600 + 10800 + 240],
    ['30m 1h', 5400],
    ['0.25h', 900],
    ['.5h', 1800],
    ['2H', 7200],
    ['1H 30M', 5400],
    ['  1 h  30 m  ', 5400],
    ['\t45m\n', 2700],
    ['1m', 60],
    ['1.5m', 120],
    ['1.33h', 4800],
    ['0.1h', 360],
    ['1.05h', 3780],
    ['90m', 5400],
  ];
  for (const [text, seconds] of accepted) {
    it(`reads ${JSON.stringify(text)} as ${seconds} s`, () => {
      expect(parseDuration(text)).to.equal(seconds);
    });
  }

  const custom: [string, DurationUnits, number][] = [
    ['1d', { hoursPerDay: 7.5, daysPerWeek: 5 }, 27000],
    ['1w', { hoursPerDay: 7.5, daysPerWeek: 5 }, 135000],
    ['0.5d', { hoursPerDay: 7.5, daysPerWeek: 5 }, 13500],
    ['1w', { hoursPerDay: 8, daysPerWeek: 4 }, 115200],
    ['1w 1d', { hoursPerDay: 10, daysPerWeek: 4 }, 180000],
    ['2h', { hoursPerDay: 7.5, daysPerWeek: 4 }, 7200],
  ];
  for (const [text, units, seconds] of custom) {
    it(`reads ${text} as ${seconds} s with ${units.hoursPerDay} h days and ${units.daysPerWeek}-day weeks`, () => {
      expect(parseDuration(text, units)).to.equal(seconds);
    });
  }

  const rejected: [string, RegExp][] = [
    ['', /is empty/],
    ['   ', /is empty/],
    ['0', /is zero/],
    ['0m', /under 1 minute/],
    ['0h 0m', /under 1 minute/],
    ['-1h', /must be positive/],
    ['30s', /seconds are not supported/],
    ['1h 30s', /seconds are not supported/],
    ['abc', /number with a unit/],
    ['h', /number with a unit/],
    ['2x', /unknown unit "x"/],
    ['2 hours', /unknown unit "hours"/],
    ['1h1h', /"h" appears twice/],
    ['1h 30m 15m', /"m" appears twice/],
    ['0.01h', /under 1 minute/],
    ['0.5m', /under 1 minute/],
    ['0.99m', /under 1 minute/],
    ['NaN', /number with a unit/],
    ['NaNh', /number with a unit/],
    ['Infinity', /number with a unit/],
    ['Infinityh', /number with a unit/],
    ['1e3h', /unknown unit "e"/],
    ['90', /has no unit; write 90m or 90h/],
    ['1h 30', /number with a unit/],
    ['1,5h', /dot for decimals/],
    ['1.h', /number with a unit/],
    ['1099d', /longer than a year/],
    ['8785h', /longer than a year/],
    ['99999999999999999999999h', /longer than a year/],
  ];
  for (const [text, message] of rejected) {
    it(`rejects ${JSON.stringify(text)} with a one-line actionable message`, () => {
      const err = rejection(text);
      expect(err.message).to.match(message);
      expect(err.message).to.contain(`"${text}"`);
      expect(err.message).not.to.contain('\n');
      expect(err.reason).to.equal('InvalidDuration');
    });
  }

  it('accepts exactly one year of wall-clock time and nothing above', () => {
    expect(parseDuration('8784h')).to.equal(MAX_DURATION_SECONDS);
    expect(rejection('8784h 1m').message).to.match(/longer than a year/);
  });

  const badUnits: DurationUnits[] = [
    { hoursPerDay: 0, daysPerWeek: 5 },
    { hoursPerDay: 25, daysPerWeek: 5 },
    { hoursPerDay: Number.NaN, daysPerWeek: 5 },
    { hoursPerDay: 8, daysPerWeek: 0 },
    { hoursPerDay: 8, daysPerWeek: 8 },
  ];
  for (const units of badUnits) {
    it(`rejects units ${JSON.stringify(units)} naming the setting`, () => {
      const err = rejection('2h', units);
      expect(err.message).to.match(/^(hoursPerDay|daysPerWeek) must be/);
      expect(err.reason).to.equal('InvalidDurationUnits');
    });
  }

  it('always returns a whole number of minutes', () => {
    for (const text of ['0.3333h', '1.777h', '0.123d', '0.0999w']) {
      expect(parseDuration(text) % 60, text).to.equal(0);
    }
  });
});
