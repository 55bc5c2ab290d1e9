import { DateTime } from 'luxon';
import { formatDuration } from './format-duration.ts';
import { DEFAULT_DURATION_UNITS, parseDuration } from './parse-duration.ts';
import type { DurationUnits } from './parse-duration.ts';
import type { PeriodKind, ReportPeriod } from './report-period.ts';
import { formatStarted, parseStarted } from './started-time.ts';
import { DEFAULT_NON_WORKING_DAYS, isNonWorkingDate } from './weekdays.ts';
import type { WorklogRecord } from './worklog-record.ts';

/** `under` ⚠️ total < target; `ok` ✅ target ≤ total ≤ 1.25 × target; `over` 🔥 total > 1.25 × target. */
export type TimesheetStatus = 'ok' | 'under' | 'over';

export interface TimesheetEntry {
  id: string;
  issue: string;
  /** Canonical form, expressed in the report's zone. */
  started: string;
  /** formatDuration(timeSeconds), whatever the record wrote. */
  time: string;
  timeSeconds: number;
  comment?: string;
}

export interface TimesheetDay {
  author: string;
  date: string;
  entries: TimesheetEntry[];
  total: string;
  totalSeconds: number;
  target: string;
  targetSeconds: number;
  status: TimesheetStatus;
  /** Only when under. */
  deficit?: string;
  deficitSeconds?: number;
  /** Only when total > target. */
  surplus?: string;
  surplusSeconds?: number;
  /** Only on a non-working day (options.nonWorkingDays): no target, never under or over. */
  nonWorking?: true;
}

export interface Timesheet {
  /** null = all authors */
  author: string | null;
  period: { kind: PeriodKind; label: string; zone: string; start: string; end: string };
  /** One per (author, day) with entries, plus — for a single author — every working day of the period up to now's date. */
  days: TimesheetDay[];
  total: string;
  totalSeconds: number;
  /** Sum of the listed days' targets. */
  target: string;
  targetSeconds: number;
  status: TimesheetStatus;
}

export interface TimesheetOptions {
  author?: string;
  period: ReportPeriod;
  dailyTargetSeconds: number;
  now: Date;
  /** To parse each record's `time`. */
  units?: DurationUnits;
  /** ISO weekdays without a target (default Saturday and Sunday). */
  nonWorkingDays?: readonly number[];
}

interface DayKey {
  author: string;
  date: string;
  entries: TimesheetEntry[];
}

/**
 * Groups records into (author, local day) rows of the period, in the period's zone. Working days have
 * `dailyTargetSeconds` as target; non-working days (default Saturday and Sunday) none. Records with an unreadable `time` or `started` are
 * skipped: the codec reports them.
 */
export function buildTimesheet(records: readonly WorklogRecord[], options: TimesheetOptions): Timesheet {
  const { period, author } = options;
  const rows = collectRows(records, options);
  const days = [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, key]) => toDay(key, options.dailyTargetSeconds, isNonWorkingDate(key.date, nonWorkingDays(options))));
  const totalSeconds = sum(days.map((day) => day.totalSeconds));
  const targetSeconds = sum(days.map((day) => day.targetSeconds));
  return {
    author: author ?? null,
    period: { kind: period.kind, label: period.label, zone: period.zone, start: formatStarted(period.start), end: formatStarted(period.end) },
    days,
    total: formatDuration(totalSeconds),
    totalSeconds,
    target: formatDuration(targetSeconds),
    targetSeconds,
    status: timesheetStatus(totalSeconds, targetSeconds),
  };
}

/** The status rule shared by days and whole timesheets (see docs/time.md). */
export function timesheetStatus(totalSeconds: number, targetSeconds: number): TimesheetStatus {
  if (totalSeconds < targetSeconds) return 'under';
  return totalSeconds * 4 > targetSeconds * 5 ? 'over' : 'ok';
}

function collectRows(records: readonly WorklogRecord[], options: TimesheetOptions): Map<string, DayKey> {
  const { period, author } = options;
  const rows = new Map<string, DayKey>();
  const row = (who: string, date: string): DayKey => {
    const key = `${date}\u0000${who}`;
    const existing = rows.get(key) ?? { author: who, date, entries: [] };
    rows.set(key, existing);
    return existing;
  };
  const inPeriod = new Set(period.days);
  const units = options.units ?? DEFAULT_DURATION_UNITS;
  for (const record of author === undefined ? records : records.filter((r) => r.author === author)) {
    const entry = toEntry(record, period.zone, units);
    // entry.started is in the report zone, so its date part is the local day.
    const date = entry?.started.slice(0, 10) ?? '';
    if (entry !== undefined && inPeriod.has(date)) row(record.author, date).entries.push(entry);
  }
  if (author !== undefined) {
    for (const date of workingDaysUntil(period, options.now, nonWorkingDays(options))) row(author, date);
  }
  return rows;
}

function toEntry(record: WorklogRecord, zone: string, units: DurationUnits): TimesheetEntry | undefined {
  let timeSeconds: number;
  let started: string;
  try {
    timeSeconds = parseDuration(record.time, units);
    started = formatStarted(parseStarted(record.started).setZone(zone));
  } catch {
    return undefined;
  }
  const entry: TimesheetEntry = { id: record.id, issue: record.issue, started, time: formatDuration(timeSeconds), timeSeconds };
  if (record.comment !== undefined) entry.comment = record.comment;
  return entry;
}

function toDay(key: DayKey, dailyTargetSeconds: number, nonWorking: boolean): TimesheetDay {
  const entries = [...key.entries].sort(compareEntries);
  const totalSeconds = sum(entries.map((entry) => entry.timeSeconds));
  const targetSeconds = nonWorking ? 0 : dailyTargetSeconds;
  const status = nonWorking ? 'ok' : timesheetStatus(totalSeconds, targetSeconds);
  const day: TimesheetDay = {
    author: key.author,
    date: key.date,
    entries,
    total: formatDuration(totalSeconds),
    totalSeconds,
    target: formatDuration(targetSeconds),
    targetSeconds,
    status,
  };
  if (status === 'under') {
    day.deficitSeconds = targetSeconds - totalSeconds;
    day.deficit = formatDuration(day.deficitSeconds);
  }
  if (nonWorking) return { ...day, nonWorking: true };
  if (totalSeconds > targetSeconds) {
    day.surplusSeconds = totalSeconds - targetSeconds;
    day.surplus = formatDuration(day.surplusSeconds);
  }
  return day;
}

function compareEntries(a: TimesheetEntry, b: TimesheetEntry): number {
  const byTime = parseStarted(a.started).toMillis() - parseStarted(b.started).toMillis();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function workingDaysUntil(period: ReportPeriod, now: Date, offDays: readonly number[]): string[] {
  const today = DateTime.fromJSDate(now, { zone: period.zone }).toFormat('yyyy-MM-dd');
  return period.days.filter((date) => date <= today && !isNonWorkingDate(date, offDays));
}

function nonWorkingDays(options: TimesheetOptions): readonly number[] {
  return options.nonWorkingDays ?? DEFAULT_NON_WORKING_DAYS;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
