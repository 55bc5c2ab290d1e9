import { expect } from 'chai';
import { DateTime, FixedOffsetZone } from 'luxon';
import { formatAtOffset, localDateAtOffset, startOfMinute } from '../../../../shared/core/format-at-offset.ts';
import { formatStarted } from '../../../../shared/core/started-time.ts';

describe('formatAtOffset', () => {
  const instant = new Date('2026-02-14T08:30:15.250Z');
  for (const [offset, expected] of [
    [60, '2026-02-14T09:30:15.250+01:00'],
    [0, '2026-02-14T08:30:15.250+00:00'],
    [-300, '2026-02-14T03:30:15.250-05:00'],
    [330, '2026-02-14T14:00:15.250+05:30'],
    [-570, '2026-02-13T23:00:15.250-09:30'],
  ] as const) {
    it(`shows ${instant.toISOString()} at ${offset} min as ${expected}, as luxon does`, () => {
      expect(formatAtOffset(instant, offset)).to.equal(expected);
      expect(formatAtOffset(instant, offset)).to.equal(formatStarted(DateTime.fromJSDate(instant).setZone(FixedOffsetZone.instance(offset))));
    });
  }

  it('gives the local date across midnight', () => {
    expect(localDateAtOffset(new Date('2026-01-31T23:30:00.000Z'), 60)).to.equal('2026-02-01');
    expect(localDateAtOffset(new Date('2026-02-01T00:30:00.000Z'), -300)).to.equal('2026-01-31');
  });

  it('truncates to the minute', () => {
    expect(startOfMinute(instant).toISOString()).to.equal('2026-02-14T08:30:00.000Z');
  });
});
