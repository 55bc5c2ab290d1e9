import { expect } from 'chai';
import { formatDuration } from '../../../../shared/core/format-duration.ts';
import { parseDuration } from '../../../../shared/core/parse-duration.ts';
import { InternalError } from '../../../../shared/core/tract-error.ts';

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [7200, '2h'],
    [5400, '1.5h'],
    [1800, '30m'],
    [4500, '1.25h'],
    [4980, '1h 23m'],
    [2700, '45m'],
    [60, '1m'],
    [3540, '59m'],
    [3600, '1h'],
    [3660, '1h 1m'],
    [3780, '1.05h'],
    [9000, '2.5h'],
    [36000, '10h'],
    [144000, '40h'],
    [0, '0m'],
    [89, '1m'],
    [90, '2m'],
  ];
  for (const [seconds, text] of cases) {
    it(`formats ${seconds} s as ${text}`, () => {
      expect(formatDuration(seconds)).to.equal(text);
    });
  }

  for (const bad of [-60, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`refuses ${bad} as a programming error`, () => {
      expect(() => formatDuration(bad)).to.throw(InternalError);
    });
  }

  it('round-trips every whole minute of a week through parseDuration', () => {
    for (let minutes = 1; minutes <= 24 * 60 * 7; minutes += 1) {
      const text = formatDuration(minutes * 60);
      if (parseDuration(text) !== minutes * 60) expect.fail(`${minutes} min → ${text} → ${parseDuration(text)} s`);
    }
  });

  it('round-trips with 7.5-hour days too, because it never writes d or w', () => {
    const units = { hoursPerDay: 7.5, daysPerWeek: 4 };
    for (const seconds of [27000, 28800, 135000, 144000]) {
      expect(parseDuration(formatDuration(seconds), units)).to.equal(seconds);
    }
  });
});
