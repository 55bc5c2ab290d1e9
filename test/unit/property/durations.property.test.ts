import { expect } from 'chai';
import fc from 'fast-check';
import { formatDuration } from '../../../shared/core/format-duration.ts';
import { parseDuration } from '../../../shared/core/parse-duration.ts';

const units = fc.record({
  hoursPerDay: fc.constantFrom(6, 7, 7.5, 8, 10, 24),
  daysPerWeek: fc.constantFrom(4, 5, 6, 7),
});

describe('durations (properties)', () => {
  it('format then parse gives back every whole minute, whatever the units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 366 * 24 * 60 }), units, (minutes, u) => {
        expect(parseDuration(formatDuration(minutes * 60), u)).to.equal(minutes * 60);
      }),
      { numRuns: 2000 },
    );
  });

  it('h/m forms in any spacing and case parse to the same whole minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('', ' '), fc.boolean(), (h, m, gap, upper) => {
        fc.pre(h * 60 + m >= 1);
        const text = [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : ''].filter(Boolean).join(gap);
        expect(parseDuration(upper ? text.toUpperCase() : text)).to.equal((h * 60 + m) * 60);
      }),
      { numRuns: 1000 },
    );
  });

  it('days and weeks follow the configured units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), units, (n, u) => {
        expect(parseDuration(`${n}d`, u)).to.equal(Math.round(n * u.hoursPerDay * 60) * 60);
        expect(parseDuration(`${n}w`, u)).to.equal(Math.round(n * u.daysPerWeek * u.hoursPerDay * 60) * 60);
      }),
      { numRuns: 500 },
    );
  });
});
