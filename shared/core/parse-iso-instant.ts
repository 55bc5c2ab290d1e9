/**
 * Strict reader for the ISO 8601 timestamps of JSONL v1 (`started`, `updated`, `jira.syncedAt`,
 * queue `queuedAt`): `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z`, `±HH:MM` or `±HHMM`.
 * A timestamp without an offset is ambiguous (whose local time?) and is rejected.
 */

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

const MS_PER_MINUTE = 60_000;

/** What `parseIsoInstant` accepts, for problem messages. */
export const ISO_INSTANT_EXPECTED = 'an ISO 8601 time with offset, e.g. 2026-02-14T09:00:00.000+01:00';

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offsetMinutes: number;
  offsetMinutePart: number;
}

function toFields(match: RegExpExecArray): Fields {
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = match;
  const offsetMinutes = zulu === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? '0'),
    // Sub-millisecond digits are truncated: JSONL v1 works in milliseconds.
    ms: Number((frac ?? '0').padEnd(3, '0').slice(0, 3)),
    offsetMinutes,
    offsetMinutePart: Number(om ?? '0'),
  };
}

function utcDate(year: number, monthIndex: number, day: number): Date {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

function inRange(f: Fields): boolean {
  if (f.month < 1 || f.month > 12) return false;
  const daysInMonth = utcDate(f.year, f.month, 0).getUTCDate();
  return (
    f.day >= 1 && f.day <= daysInMonth &&
    f.hour <= 23 && f.minute <= 59 && f.second <= 59 &&
    f.offsetMinutePart <= 59 && Math.abs(f.offsetMinutes) <= 18 * 60
  );
}

/**
 * Epoch milliseconds of a strict ISO 8601 timestamp with offset, or `undefined` when the text is not
 * one (wrong shape, impossible date such as Feb 30, hour 24, offset beyond ±18:00).
 */
export function parseIsoInstant(text: string): number | undefined {
  const match = ISO_INSTANT.exec(text);
  if (match === null) return undefined;
  const f = toFields(match);
  if (!inRange(f)) return undefined;
  const utc = utcDate(f.year, f.month - 1, f.day);
  utc.setUTCHours(f.hour, f.minute, f.second, f.ms);
  return utc.getTime() - f.offsetMinutes * MS_PER_MINUTE;
}
