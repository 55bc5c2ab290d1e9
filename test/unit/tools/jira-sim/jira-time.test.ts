import { expect } from 'chai';
import { formatJiraTime, formatRateLimitReset, parseJiraStarted } from '../../../../tools/jira-sim/jira-time.ts';

describe('jira-time', () => {
  it("parses Jira's yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm", () => {
    expect(parseJiraStarted('2026-02-14T09:00:00.000+0100', 'UTC')).to.equal(Date.parse('2026-02-14T08:00:00Z'));
    expect(parseJiraStarted('2026-02-14T09:00:00.250-0530', 'UTC')).to.equal(Date.parse('2026-02-14T14:30:00.250Z'));
  });

  it('reads a value without offset in the user zone', () => {
    expect(parseJiraStarted('2026-07-01T09:00:00.000', 'Europe/Berlin')).to.equal(Date.parse('2026-07-01T07:00:00Z'));
  });

  it('rejects Z, colon offsets, missing milliseconds, nanoseconds and impossible dates', () => {
    for (const text of [
      '2026-02-14T09:00:00.000Z',
      '2026-02-14T09:00:00.000+01:00',
      '2026-02-14T09:00:00+0100',
      '2026-02-14T09:00:00.000000000+0100',
      '2026-02-30T09:00:00.000+0100',
      '2026-02-14 09:00',
    ]) {
      expect(parseJiraStarted(text, 'UTC'), text).to.equal(undefined);
    }
  });

  it('formats in the given zone with ±hhmm, across DST', () => {
    const winter = Date.parse('2026-01-15T12:00:00Z');
    const summer = Date.parse('2026-07-15T12:00:00Z');
    expect(formatJiraTime(winter, 'Europe/London')).to.equal('2026-01-15T12:00:00.000+0000');
    expect(formatJiraTime(summer, 'Europe/London')).to.equal('2026-07-15T13:00:00.000+0100');
    expect(formatJiraTime(summer, 'Asia/Kolkata')).to.equal('2026-07-15T17:30:00.000+0530');
    expect(formatJiraTime(winter, 'America/New_York')).to.equal('2026-01-15T07:00:00.000-0500');
  });

  it('formats X-RateLimit-Reset as yyyy-MM-ddTHH:mmZ', () => {
    expect(formatRateLimitReset(Date.parse('2026-02-14T08:05:59.999Z'))).to.equal('2026-02-14T08:05Z');
  });
});
