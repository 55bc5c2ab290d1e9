import { DateTime } from 'luxon';
import type { DurationLike } from 'luxon';
import { parseStarted } from './started-time.ts';
import { ValidationError } from './tract-error.ts';
import { assertTimeZone } from './time-zone.ts';

export type PeriodKind = 'day' | 'week' | 'month';

/** A report's span of local days in one IANA zone, with real local midnights (23/25-hour DST days). */
export interface ReportPeriod {
  kind: PeriodKind;
  /** `2026-02-14` | `2026-W07` (ISO week) | `2026-02` */
  label: string;
  /** IANA zone */
  zone: string;
  /** Local midnight of the first day, in zone. */
  start: DateTime;
  /** Exclusive: local midnight after the last day. */
  end: DateTime;
  /** `YYYY-MM-DD` for every local day in the period. */
  days: string[];
}

const LABEL_FORMAT: Record<PeriodKind, string> = { day: 'yyyy-MM-dd', week: "kkkk-'W'WW", month: 'yyyy-MM' };
const REF_FORMS: Record<PeriodKind, string> = {
  day: 'YYYY-MM-DD, today or yesterday',
  week: 'YYYY-Www (ISO week, e.g. 2026-W07), this or last',
  month: 'YYYY-MM, this or last',
};

/**
 * The period of `kind` named by `ref`, in `zone`: undefined → the period containing `now`;
 * day `YYYY-MM-DD` | `today` | `yesterday`; week `YYYY-Www` | `this` | `last`; month `YYYY-MM` | `this` | `last`.
 * Anything else (including weeks a year does not have, such as 2026-W53) → ValidationError (reason `InvalidPeriod`).
 */
export function reportPeriod(kind: PeriodKind, ref: string | undefined, zone: string, now: Date): ReportPeriod {
  assertTimeZone(zone);
  const current = DateTime.fromJSDate(now, { zone });
  if (!current.isValid) throw invalidPeriod(kind, String(ref), 'the current time is not a valid date');
  const start = resolveStart(kind, ref?.trim(), current).startOf(kind);
  const end = start.plus(LENGTH[kind]).startOf('day');
  return { kind, label: start.toFormat(LABEL_FORMAT[kind]), zone, start, end, days: localDays(start, end) };
}

/** The local date (`YYYY-MM-DD`) of a `started` string in `zone`. */
export function localDate(started: string, zone: string): string {
  return parseStarted(started).setZone(assertTimeZone(zone)).toFormat('yyyy-MM-dd');
}

type Resolve = (current: DateTime<true>) => DateTime;

const RELATIVE: Record<PeriodKind, ReadonlyMap<string, Resolve>> = {
  day: new Map<string, Resolve>([
    ['today', (current) => current],
    ['yesterday', (current) => current.startOf('day').minus({ days: 1 })],
  ]),
  week: new Map<string, Resolve>([
    ['this', (current) => current],
    ['last', (current) => current.startOf('week').minus({ weeks: 1 })],
  ]),
  month: new Map<string, Resolve>([
    ['this', (current) => current],
    ['last', (current) => current.startOf('month').minus({ months: 1 })],
  ]),
};

const PARSERS: Record<PeriodKind, (ref: string, current: DateTime<true>) => DateTime> = {
  day: parseDay,
  week: parseWeek,
  month: parseMonth,
};

const LENGTH: Record<PeriodKind, DurationLike> = { day: { days: 1 }, week: { weeks: 1 }, month: { months: 1 } };

function resolveStart(kind: PeriodKind, ref: string | undefined, current: DateTime<true>): DateTime {
  if (ref === undefined) return current;
  const relative = RELATIVE[kind].get(ref.toLowerCase());
  return relative === undefined ? PARSERS[kind](ref, current) : relative(current);
}

function parseDay(ref: string, current: DateTime<true>): DateTime {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ref);
  const dt = match === null ? undefined : fromObject({ year: num(match[1]), month: num(match[2]), day: num(match[3]) }, current);
  if (dt === undefined) throw invalidPeriod('day', ref, `use ${REF_FORMS.day}`);
  return dt;
}

function parseWeek(ref: string, current: DateTime<true>): DateTime {
  const match = /^(\d{4})-W(\d{2})$/i.exec(ref);
  if (match === null) throw invalidPeriod('week', ref, `use ${REF_FORMS.week}`);
  const weekYear = num(match[1]);
  const weekNumber = num(match[2]);
  const weeks = fromObject({ weekYear, weekNumber: 1, weekday: 1 }, current)?.weeksInWeekYear ?? 52;
  const dt = weekNumber >= 1 && weekNumber <= weeks ? fromObject({ weekYear, weekNumber, weekday: 1 }, current) : undefined;
  if (dt === undefined) throw invalidPeriod('week', ref, `${weekYear} has ISO weeks W01 to W${weeks}`);
  return dt;
}

function parseMonth(ref: string, current: DateTime<true>): DateTime {
  const match = /^(\d{4})-(\d{2})$/.exec(ref);
  const dt = match === null ? undefined : fromObject({ year: num(match[1]), month: num(match[2]), day: 1 }, current);
  if (dt === undefined) throw invalidPeriod('month', ref, `use ${REF_FORMS.month}`);
  return dt;
}

function fromObject(fields: Record<string, number>, current: DateTime<true>): DateTime<true> | undefined {
  const dt = DateTime.fromObject(fields, { zone: current.zone });
  return dt.isValid ? dt : undefined;
}

function localDays(start: DateTime, end: DateTime): string[] {
  const days: string[] = [];
  for (let day = start; day < end; day = day.plus({ days: 1 }).startOf('day')) days.push(day.toFormat('yyyy-MM-dd'));
  return days;
}

function num(digits: string | undefined): number {
  return Number(digits);
}

function invalidPeriod(kind: PeriodKind, ref: string, why: string): ValidationError {
  return new ValidationError(`Invalid ${kind} "${ref}": ${why}`, { reason: 'InvalidPeriod' });
}
