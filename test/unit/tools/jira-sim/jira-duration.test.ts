import { expect } from 'chai';
import fc from 'fast-check';
import { formatJiraDuration, parseJiraDuration } from '../../../../tools/jira-sim/jira-duration.ts';

const SITE = { hoursPerDay: 8, daysPerWeek: 5 };

describe('jira-duration', () => {
  it('parses Jira notation with the site working time', () => {
    expect(parseJiraDuration('2h', SITE)).to.equal(7200);
    expect(parseJiraDuration('1h 30m', SITE)).to.equal(5400);
    expect(parseJiraDuration('1d', SITE)).to.equal(28800);
    expect(parseJiraDuration('1w', SITE)).to.equal(5 * 28800);
    expect(parseJiraDuration('1.5h', SITE)).to.equal(5400);
    expect(parseJiraDuration('90', SITE), 'a bare number is minutes').to.equal(5400);
    expect(parseJiraDuration('1d', { hoursPerDay: 7.5, daysPerWeek: 5 })).to.equal(27000);
  });

  it('rejects what Jira rejects', () => {
    for (const text of ['', 'two hours', '2x', 'h', '1h two']) expect(parseJiraDuration(text, SITE), text).to.equal(undefined);
  });

  it('formats like Jira: units down to minutes, zero parts left out', () => {
    expect(formatJiraDuration(7200, SITE)).to.equal('2h');
    expect(formatJiraDuration(12000, SITE)).to.equal('3h 20m');
    expect(formatJiraDuration(28800 + 3600, SITE)).to.equal('1d 1h');
    expect(formatJiraDuration(5 * 28800, SITE)).to.equal('1w');
    expect(formatJiraDuration(0, SITE)).to.equal('0m');
  });

  it('round-trips every whole-minute value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (minutes) => {
        expect(parseJiraDuration(formatJiraDuration(minutes * 60, SITE), SITE)).to.equal(minutes * 60);
      }),
    );
  });
});
