import { expect } from 'chai';
import { localDate, reportPeriod } from '../../../../shared/core/report-period.ts';
import type { PeriodKind } from '../../../../shared/core/report-period.ts';
import { formatStarted, parseStarted } from '../../../../shared/core/started-time.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const NOW = new Date('2026-02-14T12:00:00Z');

interface Expected {
  label: string;
  start: string;
  end: string;
  hours: number;
  first: string;
  last: string;
  dayCount: number;
}

function check(kind: PeriodKind, ref: string | undefined, zone: string, now: Date, expected: Expected): void {
  const period = reportPeriod(kind, ref, zone, now);
  expect(period.kind).to.equal(kind);
  expect(period.zone).to.equal(zone);
  expect(period.label).to.equal(expected.label);
  expect(formatStarted(period.start)).to.equal(expected.start);
  expect(formatStarted(period.end)).to.equal(expected.end);
  expect(period.end.diff(period.start, 'hours').hours).to.equal(expected.hours);
  expect(period.days).to.have.length(expected.dayCount);
  expect(period.days[0]).to.equal(expected.first);
  expect(period.days.at(-1)).to.equal(expected.last);
}

function rejection(kind: PeriodKind, ref: string | undefined, zone = BERLIN): ValidationError {
  try {
    reportPeriod(kind, ref, zone, NOW);
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error(`expected ${kind} ${String(ref)} to be rejected`);
}

describe('reportPeriod', () => {
  const table: [PeriodKind, string | undefined, string, Date, Expected][] = [
    // Days: real local midnights, so DST days are 23 and 25 hours long.
    ['day', '2026-02-14', BERLIN, NOW, { label: '2026-02-14', start: '2026-02-14T00:00:00.000+01:00', end: '2026-02-15T00:00:00.000+01:00', hours: 24, first: '2026-02-14', last: '2026-02-14', dayCount: 1 }],
    ['day', '2026-03-29', BERLIN, NOW, { label: '2026-03-29', start: '2026-03-29T00:00:00.000+01:00', end: '2026-03-30T00:00:00.000+02:00', hours: 23, first: '2026-03-29', last: '2026-03-29', dayCount: 1 }],
    ['day', '2026-10-25', BERLIN, NOW, { label: '2026-10-25', start: '2026-10-25T00:00:00.000+02:00', end: '2026-10-26T00:00:00.000+01:00', hours: 25, first: '2026-10-25', last: '2026-10-25', dayCount: 1 }],
    ['day', '2026-03-08', NEW_YORK, NOW, { label: '2026-03-08', start: '2026-03-08T00:00:00.000-05:00', end: '2026-03-09T00:00:00.000-04:00', hours: 23, first: '2026-03-08', last: '2026-03-08', dayCount: 1 }],
    ['day', '2026-11-01', NEW_YORK, NOW, { label: '2026-11-01', start: '2026-11-01T00:00:00.000-04:00', end: '2026-11-02T00:00:00.000-05:00', hours: 25, first: '2026-11-01', last: '2026-11-01', dayCount: 1 }],
    // ISO weeks containing the DST changes.
    ['week', '2026-W13', BERLIN, NOW, { label: '2026-W13', start: '2026-03-23T00:00:00.000+01:00', end: '2026-03-30T00:00:00.000+02:00', hours: 167, first: '2026-03-23', last: '2026-03-29', dayCount: 7 }],
    ['week', '2026-W43', BERLIN, NOW, { label: '2026-W43', start: '2026-10-19T00:00:00.000+02:00', end: '2026-10-26T00:00:00.000+01:00', hours: 169, first: '2026-10-19', last: '2026-10-25', dayCount: 7 }],
    ['week', '2026-W10', NEW_YORK, NOW, { label: '2026-W10', start: '2026-03-02T00:00:00.000-05:00', end: '2026-03-09T00:00:00.000-04:00', hours: 167, first: '2026-03-02', last: '2026-03-08', dayCount: 7 }],
    ['week', '2026-w44', NEW_YORK, NOW, { label: '2026-W44', start: '2026-10-26T00:00:00.000-04:00', end: '2026-11-02T00:00:00.000-05:00', hours: 169, first: '2026-10-26', last: '2026-11-01', dayCount: 7 }],
    // ISO week-years: W01 may start in December, W53 only in long years (2020 and 2026 are long).
    ['week', '2026-W01', BERLIN, NOW, { label: '2026-W01', start: '2025-12-29T00:00:00.000+01:00', end: '2026-01-05T00:00:00.000+01:00', hours: 168, first: '2025-12-29', last: '2026-01-04', dayCount: 7 }],
    ['week', '2020-W53', BERLIN, NOW, { label: '2020-W53', start: '2020-12-28T00:00:00.000+01:00', end: '2021-01-04T00:00:00.000+01:00', hours: 168, first: '2020-12-28', last: '2021-01-03', dayCount: 7 }],
    ['week', '2026-W53', BERLIN, NOW, { label: '2026-W53', start: '2026-12-28T00:00:00.000+01:00', end: '2027-01-04T00:00:00.000+01:00', hours: 168, first: '2026-12-28', last: '2027-01-03', dayCount: 7 }],
    // Months.
    ['month', '2026-03', BERLIN, NOW, { label: '2026-03', start: '2026-03-01T00:00:00.000+01:00', end: '2026-04-01T00:00:00.000+02:00', hours: 743, first: '2026-03-01', last: '2026-03-31', dayCount: 31 }],
    ['month', '2026-10', BERLIN, NOW, { label: '2026-10', start: '2026-10-01T00:00:00.000+02:00', end: '2026-11-01T00:00:00.000+01:00', hours: 745, first: '2026-10-01', last: '2026-10-31', dayCount: 31 }],
    ['month', '2026-11', NEW_YORK, NOW, { label: '2026-11', start: '2026-11-01T00:00:00.000-04:00', end: '2026-12-01T00:00:00.000-05:00', hours: 721, first: '2026-11-01', last: '2026-11-30', dayCount: 30 }],
    ['month', '2026-02', BERLIN, NOW, { label: '2026-02', start: '2026-02-01T00:00:00.000+01:00', end: '2026-03-01T00:00:00.000+01:00', hours: 672, first: '2026-02-01', last: '2026-02-28', dayCount: 28 }],
    ['month', '2024-02', BERLIN, NOW, { label: '2024-02', start: '2024-02-01T00:00:00.000+01:00', end: '2024-03-01T00:00:00.000+01:00', hours: 696, first: '2024-02-01', last: '2024-02-29', dayCount: 29 }],
    ['month', '2026-12', NEW_YORK, NOW, { label: '2026-12', start: '2026-12-01T00:00:00.000-05:00', end: '2027-01-01T00:00:00.000-05:00', hours: 744, first: '2026-12-01', last: '2026-12-31', dayCount: 31 }],
  ];
  for (const [kind, ref, zone, now, expected] of table) {
    it(`${kind} ${String(ref)} in ${zone}: ${expected.dayCount} day(s), ${expected.hours} h`, () => {
      check(kind, ref, zone, now, expected);
    });
  }

  describe('relative references', () => {
    // 03:00 UTC on 1 Jan 2026 is still New Year's Eve in New York.
    const newYear = new Date('2026-01-01T03:00:00Z');
    const relative: [PeriodKind, string | undefined, string, Date, string][] = [
      ['day', undefined, BERLIN, newYear, '2026-01-01'],
      ['day', undefined, NEW_YORK, newYear, '2025-12-31'],
      ['day', 'today', NEW_YORK, newYear, '2025-12-31'],
      ['day', 'yesterday', BERLIN, newYear, '2025-12-31'],
      ['day', 'Yesterday', NEW_YORK, newYear, '2025-12-30'],
      ['week', undefined, NEW_YORK, newYear, '2026-W01'],
      ['week', 'this', BERLIN, NOW, '2026-W07'],
      ['week', 'last', BERLIN, NOW, '2026-W06'],
      ['week', 'last', BERLIN, new Date('2026-01-05T12:00:00Z'), '2026-W01'],
      ['week', 'last', BERLIN, new Date('2026-01-02T12:00:00Z'), '2025-W52'],
      ['month', undefined, BERLIN, newYear, '2026-01'],
      ['month', undefined, NEW_YORK, newYear, '2025-12'],
      ['month', 'this', BERLIN, NOW, '2026-02'],
      ['month', 'last', BERLIN, newYear, '2025-12'],
      ['month', 'last', BERLIN, new Date('2026-03-31T12:00:00Z'), '2026-02'],
      ['day', ' 2026-02-10 ', BERLIN, NOW, '2026-02-10'],
    ];
    for (const [kind, ref, zone, now, label] of relative) {
      it(`${kind} ${JSON.stringify(ref)} in ${zone} at ${now.toISOString()} → ${label}`, () => {
        expect(reportPeriod(kind, ref, zone, now).label).to.equal(label);
      });
    }
  });

  const invalid: [PeriodKind, string, RegExp][] = [
    ['day', '2026-02-30', /^Invalid day "2026-02-30": use YYYY-MM-DD, today or yesterday$/],
    ['day', '14.02.2026', /Invalid day/],
    ['day', 'tomorrow', /Invalid day/],
    ['day', 'constructor', /Invalid day/],
    ['week', '2025-W53', /^Invalid week "2025-W53": 2025 has ISO weeks W01 to W52$/],
    ['week', '2027-W53', /2027 has ISO weeks W01 to W52/],
    ['week', '2026-W54', /2026 has ISO weeks W01 to W53/],
    ['week', '2026-W00', /2026 has ISO weeks W01 to W53/],
    ['week', '2026-W7', /use YYYY-Www/],
    ['week', '2026-02-14', /use YYYY-Www/],
    ['week', 'yesterday', /use YYYY-Www/],
    ['month', '2026-13', /^Invalid month "2026-13": use YYYY-MM, this or last$/],
    ['month', '2026-00', /Invalid month/],
    ['month', '2026-2', /Invalid month/],
    ['month', '2026-02-01', /Invalid month/],
  ];
  for (const [kind, ref, message] of invalid) {
    it(`rejects ${kind} ${JSON.stringify(ref)}`, () => {
      const err = rejection(kind, ref);
      expect(err.message).to.match(message);
      expect(err.reason).to.equal('InvalidPeriod');
    });
  }

  it('rejects an unknown zone, naming it', () => {
    expect(rejection('day', undefined, 'Europe/Berln').message).to.contain('"Europe/Berln"');
  });
});

describe('localDate and month bucketing across zones', () => {
  const started = '2026-01-31T23:30:00.000-05:00';

  it('files a record by the month written in its own offset', () => {
    expect(parseStarted(started).toFormat('yyyy-MM')).to.equal('2026-01');
  });

  const cases: [string, string, string][] = [
    [started, NEW_YORK, '2026-01-31'],
    [started, BERLIN, '2026-02-01'],
    [started, 'UTC', '2026-02-01'],
    ['2026-02-28T23:30:00.000+00:00', 'Asia/Tokyo', '2026-03-01'],
    ['2026-03-01T05:00:00Z', 'America/Los_Angeles', '2026-02-28'],
    ['2026-03-29T00:30:00.000+01:00', BERLIN, '2026-03-29'],
    ['2026-03-29T23:30:00.000+02:00', BERLIN, '2026-03-29'],
    ['2026-03-29T23:30:00.000+01:00', BERLIN, '2026-03-30'],
  ];
  for (const [text, zone, date] of cases) {
    it(`${text} is on ${date} in ${zone}`, () => {
      expect(localDate(text, zone)).to.equal(date);
    });
  }

  it('puts the January-file record into the Berlin February report but not the New York one', () => {
    expect(reportPeriod('month', '2026-02', BERLIN, NOW).days).to.include(localDate(started, BERLIN));
    expect(reportPeriod('month', '2026-02', NEW_YORK, NOW).days).not.to.include(localDate(started, NEW_YORK));
    expect(reportPeriod('month', '2026-01', NEW_YORK, NOW).days).to.include(localDate(started, NEW_YORK));
  });

  it('rejects an unreadable started and an unknown zone', () => {
    expect(() => localDate('2026-01-31T23:30:00', BERLIN)).to.throw(ValidationError);
    expect(() => localDate(started, 'Nowhere/Land')).to.throw(ValidationError);
  });
});
