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

/** Renders an instant as Jira does: `yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm` in the given zone. */
export function formatJiraTime(ms: number, zoneName: string): string {
  return DateTime.fromMillis(ms, { zone: zoneOf(zoneName) }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZZ");
}

// Jira's pattern is yyyy-MM-dd'T'HH:mm:ss.SSSZ (RFC 822 offset, no colon); `…Z` is rejected
// (reference/jira-worklog-api.md §1.3). A value without any offset is read in the user's zone, as observed.
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
