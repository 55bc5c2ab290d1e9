import { DateTime } from 'luxon';
import { ValidationError } from './tract-error.ts';
import { assertTimeZone } from './time-zone.ts';

export { assertTimeZone } from './time-zone.ts';

// ISO 8601 with a mandatory offset; seconds and fractions optional (docs/records.md: readers accept `Z` and no ms).
const STARTED_PATTERN =
  /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
// Real offsets span −12:00 to +14:00; ±18:00 is the ISO/Java bound Jira enforces.
const MAX_OFFSET_MINUTES = 18 * 60;
const CANONICAL_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZZ";
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-worklogs/ — Jira rejects `Z`.
const JIRA_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZZZ";
const DEFAULT_HOUR = 9;
const ACCEPTED_FORMS =
  'use HH:MM, yesterday [HH:MM], YYYY-MM-DD [HH:MM], YYYY-MM-DDTHH:MM, or ISO 8601 with an offset such as 2026-02-14T09:00+01:00';

/**
 * Parses a record's `started` (ISO 8601 with offset: `+01:00`, `+0100`, `Z`; with or without seconds and
 * milliseconds; fractions beyond milliseconds are truncated). Keeps the written offset as a fixed-offset
 * zone. Throws ValidationError (reason `InvalidStarted`) for anything else, including a missing offset.
 */
export function parseStarted(text: string): DateTime<true> {
  if (STARTED_PATTERN.test(text)) {
    const dt = DateTime.fromISO(text, { setZone: true });
    if (dt.isValid && Math.abs(dt.offset) <= MAX_OFFSET_MINUTES) return dt;
  }
  throw new ValidationError(
    `Invalid started time "${text}": expected ISO 8601 with an offset, e.g. 2026-02-14T09:00:00.000+01:00`,
    { reason: 'InvalidStarted' },
  );
}

/** Tract's canonical form: `2026-02-14T09:00:00.000+01:00` (UTC → `+00:00`, never `Z`). */
export function formatStarted(dt: DateTime): string {
  return dt.toFormat(CANONICAL_FORMAT);
}

/** Jira's form: `yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm`, e.g. `2026-02-14T09:00:00.000+0100`, never `Z`. */
export function toJiraStarted(started: string): string {
  return parseStarted(started).toFormat(JIRA_FORMAT);
}

/**
 * Parses Jira's `started` (`2026-02-14T09:00:00.000+0100`; v2 and v3 alike, colon or not) into Tract's
 * canonical form, expressed in `zone` when given (the author's zone), else in the offset Jira used.
 */
export function fromJiraStarted(jiraStarted: string, zone?: string): string {
  if (zone !== undefined) assertTimeZone(zone);
  let dt: DateTime;
  try {
    dt = parseStarted(jiraStarted);
  } catch (err) {
    throw new ValidationError(
      `Jira sent a started time Tract cannot read: "${jiraStarted}" (expected yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm)`,
      { reason: 'InvalidStarted', cause: err },
    );
  }
  return formatStarted(zone === undefined ? dt : dt.setZone(zone));
}

/** Epoch milliseconds of a `started` string. */
export function startedEpochMs(started: string): number {
  return parseStarted(started).toMillis();
}

interface LocalTime {
  date: DateTime<true>;
  hour: number;
  minute: number;
}

/**
 * Resolves the CLI's `--started` forms in the IANA `zone`, relative to `now`, into Tract's canonical form:
 * undefined or `now` → now truncated to the minute; ISO with offset → as given (its offset kept);
 * `HH:MM` / `today HH:MM` → today; `yesterday HH:MM` (plain `yesterday`/`today` → 09:00);
 * `YYYY-MM-DD` → 09:00 that day; `YYYY-MM-DD HH:MM` / `YYYY-MM-DDTHH:MM` → that local time.
 * A local time skipped by DST → ValidationError; a repeated one (DST overlap) → the earlier instant.
 */
export function resolveStartedInput(input: string | undefined, zone: string, now: Date): string {
  assertTimeZone(zone);
  const current = DateTime.fromJSDate(now, { zone });
  if (!current.isValid) throw invalidStarted(String(input), 'the current time is not a valid date');
  const text = (input ?? 'now').trim();
  if (text.toLowerCase() === 'now') return formatStarted(current.startOf('minute'));
  if (/(?:Z|[+-]\d{2}:?\d{2})$/.test(text) && text.includes('T')) return formatStarted(parseStarted(text));
  const local = parseLocalInput(text, current);
  if (local === undefined) throw invalidStarted(text, ACCEPTED_FORMS);
  return formatStarted(atLocalTime(local, zone, text));
}

function parseLocalInput(text: string, current: DateTime<true>): LocalTime | undefined {
  const lower = text.toLowerCase();
  const relative = /^(?:(today|yesterday)(?:\s+(\d{1,2}):(\d{2}))?|(\d{1,2}):(\d{2}))$/.exec(lower);
  if (relative !== null) {
    const [, word, hour, minute, bareHour, bareMinute] = relative;
    const today = current.startOf('day');
    const date = word === 'yesterday' ? today.minus({ days: 1 }) : today;
    return toLocalTime(date, hour ?? bareHour, minute ?? bareMinute);
  }
  const absolute = /^(\d{4})-(\d{2})-(\d{2})(?:[ t](\d{1,2}):(\d{2}))?$/.exec(lower);
  if (absolute === null) return undefined;
  const [, year, month, day, hour, minute] = absolute;
  const date = DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day) }, { zone: current.zone });
  if (!date.isValid) throw invalidStarted(text, `${year}-${month}-${day} is not a calendar date`);
  return toLocalTime(date, hour, minute);
}

function toLocalTime(date: DateTime<true>, hour: string | undefined, minute: string | undefined): LocalTime {
  if (hour === undefined || minute === undefined) return { date, hour: DEFAULT_HOUR, minute: 0 };
  return { date, hour: Number(hour), minute: Number(minute) };
}

function atLocalTime(local: LocalTime, zone: string, text: string): DateTime {
  const { date, hour, minute } = local;
  const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  if (hour > 23 || minute > 59) throw invalidStarted(text, `${clock} is not a time of day`);
  const wall = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
  // Luxon picks the later instant of a repeated local time and moves a skipped one forward; we want the
  // earlier instant and an error, like `date -d` users expect.
  const candidates = wall.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  const earliest = candidates[0];
  if (earliest === undefined || earliest.hour !== hour || earliest.minute !== minute) {
    throw invalidStarted(text, `${date.toISODate()} ${clock} does not exist in ${zone} (clocks skip it for daylight saving time); pick a time outside the gap`);
  }
  return earliest;
}

function invalidStarted(text: string, why: string): ValidationError {
  return new ValidationError(`Invalid start time "${text}": ${why}`, { reason: 'InvalidStarted' });
}
