import { DateTime, IANAZone } from 'luxon';

const zones = new Map<string, IANAZone>();

function zoneOf(name: string): IANAZone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = IANAZone.create(name);
    zones.set(name, zone);
  }
  return zone;
}

/** True when the name is an IANA zone luxon knows. */
export function isValidZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

// Zone offsets only change on quarter-hour boundaries, so one lookup per zone and quarter hour is enough;
// this keeps Intl (slow) off the hot path of rendering worklogs.
const QUARTER_HOUR_MS = 15 * 60_000;
const offsetCache = new Map<string, number>();

function offsetMinutes(ms: number, zoneName: string): number {
  const key = `${zoneName}|${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 10_000) offsetCache.clear();
    offset = zoneOf(zoneName).offset(ms);
    offsetCache.set(key, offset);
  }
  return offset;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Renders an instant as Jira does: `yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm` in the given zone. */
export function formatJiraTime(ms: number, zoneName: string): string {
  const offset = offsetMinutes(ms, zoneName);
  const local = new Date(ms + offset * 60_000);
  const abs = Math.abs(offset);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}` +
    `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

// Jira's pattern is yyyy-MM-dd'T'HH:mm:ss.SSSZ (RFC 822 offset, no colon); `…Z` is rejected
// (docs/jira-api.md, "Times and offsets"). A value without any offset is read in the user's zone, as observed.
const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})([+-])(\d{2})(\d{2})$/;
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

/** Parses a worklog `started` value; undefined when Jira would reject its format. */
export function parseJiraStarted(text: string, userZone: string): number | undefined {
  const match = WITH_OFFSET.exec(text);
  if (match !== null) {
    const [, y, mo, d, h, mi, s, ms, sign, oh, om] = match;
    const offsetMinutes = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms));
    if (!isRealDate(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s))) return undefined;
    return utc - offsetMinutes * 60_000;
  }
  if (WITHOUT_OFFSET.test(text)) {
    const local = DateTime.fromISO(text, { zone: zoneOf(userZone) });
    return local.isValid ? local.toMillis() : undefined;
  }
  return undefined;
}

function isRealDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/** `yyyy-MM-ddTHH:mmZ` in UTC, the format of `X-RateLimit-Reset`. */
export function formatRateLimitReset(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}
