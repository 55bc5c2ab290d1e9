import { expect } from 'chai';
import { buildTimesheet, timesheetStatus } from '../../../../shared/core/build-timesheet.ts';
import type { Timesheet, TimesheetDay, TimesheetStatus } from '../../../../shared/core/build-timesheet.ts';
import { reportPeriod } from '../../../../shared/core/report-period.ts';
import type { WorklogRecord } from '../../../../shared/core/worklog-record.ts';

const BERLIN = 'Europe/Berlin';
const HOUR = 3600;
const TARGET = 8 * HOUR;
// Saturday 2026-02-14, 13:00 in Berlin; ISO week 2026-W07 runs Mon 02-09 to Sun 02-15.
const NOW = new Date('2026-02-14T12:00:00Z');
const WEEK = reportPeriod('week', '2026-W07', BERLIN, NOW);

let counter = 0;
function rec(author: string, started: string, time: string, extra: Partial<WorklogRecord> = {}): WorklogRecord {
  counter += 1;
  return { id: `r${String(counter).padStart(3, '0')}`, issue: 'APP-1', author, started, time, ...extra };
}

function day(sheet: Timesheet, date: string, author = 'ann'): TimesheetDay {
  const found = sheet.days.find((d) => d.date === date && d.author === author);
  if (found === undefined) throw new Error(`no row for ${author} on ${date}`);
  return found;
}

describe('timesheetStatus', () => {
  const rules: [number, number, TimesheetStatus][] = [
    [0, 0, 'ok'],
    [60, 0, 'over'],
    [8 * HOUR - 60, TARGET, 'under'],
    [TARGET, TARGET, 'ok'],
    [10 * HOUR, TARGET, 'ok'],
    [10 * HOUR + 60, TARGET, 'over'],
    [0, TARGET, 'under'],
  ];
  for (const [total, target, status] of rules) {
    it(`${total} s against ${target} s is ${status}`, () => {
      expect(timesheetStatus(total, target)).to.equal(status);
    });
  }
});

describe('buildTimesheet for one author', () => {
  const records: WorklogRecord[] = [
    rec('ann', '2026-02-09T09:00:00.000+01:00', '8h', { comment: 'Planning' }),
    rec('ann', '2026-02-10T13:00:00.000+01:00', '4h'),
    rec('ann', '2026-02-10T09:00:00.000+01:00', '1h 60m', { issue: 'APP-2' }),
    rec('ann', '2026-02-11T08:00:00.000+01:00', '9h'),
    rec('ann', '2026-02-12T07:00:00.000+01:00', '1d 3h'),
    rec('ann', '2026-02-14T10:00:00.000+01:00', '2h'),
    // Written in New York on Sunday evening: Monday 02:00 in Berlin, so the next week.
    rec('ann', '2026-02-15T20:00:00.000-05:00', '1h'),
    rec('ann', '2026-02-08T23:59:00.000+01:00', '3h'),
    rec('bob', '2026-02-09T09:00:00.000+01:00', '5h'),
    rec('ann', '2026-02-13T09:00:00.000+01:00', '2x'),
    rec('ann', '2026-02-13T09:00:00', '2h'),
  ];
  const sheet = buildTimesheet(records, { author: 'ann', period: WEEK, dailyTargetSeconds: TARGET, now: NOW });

  it('lists every working day up to today plus the weekend day with entries, in date order', () => {
    expect(sheet.days.map((d) => d.date)).to.deep.equal(['2026-02-09', '2026-02-10', '2026-02-11', '2026-02-12', '2026-02-13', '2026-02-14']);
    expect(sheet.days.every((d) => d.author === 'ann')).to.equal(true);
    expect(sheet.author).to.equal('ann');
  });

  const expected: [string, Partial<TimesheetDay>][] = [
    ['2026-02-09', { total: '8h', status: 'ok', target: '8h', deficit: undefined, surplus: undefined }],
    ['2026-02-10', { total: '6h', totalSeconds: 6 * HOUR, status: 'under', deficit: '2h', deficitSeconds: 2 * HOUR, surplus: undefined }],
    ['2026-02-11', { total: '9h', status: 'ok', surplus: '1h', surplusSeconds: HOUR, deficit: undefined }],
    ['2026-02-12', { total: '11h', status: 'over', surplus: '3h', surplusSeconds: 3 * HOUR }],
    ['2026-02-13', { total: '0m', totalSeconds: 0, status: 'under', deficit: '8h', deficitSeconds: TARGET, entries: [] }],
    // A non-working day has no target and is never over (no 🔥).
    ['2026-02-14', { total: '2h', target: '0m', targetSeconds: 0, status: 'ok', nonWorking: true, surplus: undefined, deficit: undefined }],
  ];
  for (const [date, fields] of expected) {
    it(`summarises ${date} as ${String(fields.status)}`, () => {
      const row = day(sheet, date);
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) expect(row, key).not.to.have.property(key);
        else expect(row[key as keyof TimesheetDay], key).to.deep.equal(value);
      }
    });
  }

  it('takes the non-working days from the options: Friday and Saturday off, Sunday a working day', () => {
    const shifted = buildTimesheet(records, { author: 'ann', period: WEEK, dailyTargetSeconds: TARGET, now: NOW, nonWorkingDays: [5, 6] });
    expect(shifted.days.map((d) => [d.date, d.targetSeconds, d.status, d.nonWorking ?? false])).to.deep.equal([
      ['2026-02-09', TARGET, 'ok', false],
      ['2026-02-10', TARGET, 'under', false],
      ['2026-02-11', TARGET, 'ok', false],
      ['2026-02-12', TARGET, 'over', false],
      ['2026-02-14', 0, 'ok', true],
    ]);
  });

  it('sorts entries by started and normalises their time', () => {
    const entries = day(sheet, '2026-02-10').entries;
    expect(entries.map((e) => [e.issue, e.started, e.time, e.timeSeconds])).to.deep.equal([
      ['APP-2', '2026-02-10T09:00:00.000+01:00', '2h', 2 * HOUR],
      ['APP-1', '2026-02-10T13:00:00.000+01:00', '4h', 4 * HOUR],
    ]);
  });

  it('keeps a comment only when the record has one', () => {
    expect(day(sheet, '2026-02-09').entries[0]).to.include({ comment: 'Planning' });
    expect(day(sheet, '2026-02-10').entries[0]).not.to.have.property('comment');
  });

  it('totals the week against the working days', () => {
    expect(sheet.totalSeconds).to.equal(36 * HOUR);
    expect(sheet.total).to.equal('36h');
    expect(sheet.targetSeconds).to.equal(40 * HOUR);
    expect(sheet.target).to.equal('40h');
    expect(sheet.status).to.equal('under');
  });

  it('describes its period', () => {
    expect(sheet.period).to.deep.equal({
      kind: 'week',
      label: '2026-W07',
      zone: BERLIN,
      start: '2026-02-09T00:00:00.000+01:00',
      end: '2026-02-16T00:00:00.000+01:00',
    });
  });
});

describe('buildTimesheet, other cases', () => {
  it('lists only (author, day) rows with entries for all authors, by date then author', () => {
    const records = [
      rec('bob', '2026-02-10T09:00:00.000+01:00', '5h'),
      rec('ann', '2026-02-10T09:00:00.000+01:00', '8h'),
      rec('ann', '2026-02-09T09:00:00.000+01:00', '10h 30m'),
    ];
    const sheet = buildTimesheet(records, { period: WEEK, dailyTargetSeconds: TARGET, now: NOW });
    expect(sheet.author).to.equal(null);
    expect(sheet.days.map((d) => [d.date, d.author, d.status])).to.deep.equal([
      ['2026-02-09', 'ann', 'over'],
      ['2026-02-10', 'ann', 'ok'],
      ['2026-02-10', 'bob', 'under'],
    ]);
    expect(sheet.totalSeconds).to.equal(23.5 * HOUR);
    expect(sheet.targetSeconds).to.equal(24 * HOUR);
    expect(sheet.status).to.equal('under');
  });

  it('lists gap days only up to today while a period is under way', () => {
    const wednesday = new Date('2026-02-11T10:00:00Z');
    const records = [rec('ann', '2026-02-13T09:00:00.000+01:00', '1h')];
    const sheet = buildTimesheet(records, { author: 'ann', period: WEEK, dailyTargetSeconds: TARGET, now: wednesday });
    expect(sheet.days.map((d) => d.date)).to.deep.equal(['2026-02-09', '2026-02-10', '2026-02-11', '2026-02-13']);
    expect(sheet.targetSeconds).to.equal(4 * TARGET);
  });

  it('treats a 23-hour DST day as one day and buckets by local midnight', () => {
    const period = reportPeriod('week', '2026-W13', BERLIN, new Date('2026-04-01T10:00:00Z'));
    const records = [
      rec('ann', '2026-03-29T00:30:00.000+01:00', '1h'),
      rec('ann', '2026-03-29T23:30:00.000+02:00', '30m'),
      rec('ann', '2026-03-29T23:30:00.000+01:00', '2h'),
    ];
    const sheet = buildTimesheet(records, { period, dailyTargetSeconds: TARGET, now: new Date('2026-04-01T10:00:00Z') });
    expect(sheet.days.map((d) => [d.date, d.total, d.entries.length])).to.deep.equal([['2026-03-29', '1.5h', 2]]);
    expect(period.days).to.have.length(7);
  });

  it('buckets by the report zone, not by the written offset', () => {
    const started = '2026-01-31T23:30:00.000-05:00';
    const period = reportPeriod('month', '2026-02', BERLIN, NOW);
    const sheet = buildTimesheet([rec('ann', started, '1h')], { period, dailyTargetSeconds: TARGET, now: NOW });
    expect(sheet.days.map((d) => d.date)).to.deep.equal(['2026-02-01']);
    expect(sheet.days[0]?.entries[0]?.started).to.equal('2026-02-01T05:30:00.000+01:00');
    const newYork = reportPeriod('month', '2026-02', 'America/New_York', NOW);
    expect(buildTimesheet([rec('ann', started, '1h')], { period: newYork, dailyTargetSeconds: TARGET, now: NOW }).days).to.deep.equal([]);
  });

  it('reads durations with the given units', () => {
    const period = reportPeriod('day', '2026-02-10', BERLIN, NOW);
    const units = { hoursPerDay: 7.5, daysPerWeek: 5 };
    const sheet = buildTimesheet([rec('ann', '2026-02-10T09:00:00.000+01:00', '1d')], {
      author: 'ann',
      period,
      dailyTargetSeconds: 7.5 * HOUR,
      now: NOW,
      units,
    });
    expect(sheet.days[0]).to.include({ totalSeconds: 27000, total: '7.5h', status: 'ok' });
  });

  it('shows an empty future period with nothing to do', () => {
    const period = reportPeriod('week', '2026-W10', BERLIN, NOW);
    const sheet = buildTimesheet([], { author: 'ann', period, dailyTargetSeconds: TARGET, now: NOW });
    expect(sheet).to.include({ totalSeconds: 0, targetSeconds: 0, total: '0m', target: '0m', status: 'ok' });
    expect(sheet.days).to.deep.equal([]);
  });
});
