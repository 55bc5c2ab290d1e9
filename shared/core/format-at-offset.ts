/**
 * Tract's canonical `started` form for an instant at a fixed UTC offset, without a time-zone database:
 * the CLI's fast path for "now, in this machine's zone", where the offset comes from the platform.
 */

/** `2026-02-14T09:00:00.000+01:00` for `instant` shown at `offsetMinutes` east of UTC. */
export function formatAtOffset(instant: Date, offsetMinutes: number): string {
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${shifted}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The local calendar date (`YYYY-MM-DD`) of `instant` at `offsetMinutes` east of UTC. */
export function localDateAtOffset(instant: Date, offsetMinutes: number): string {
  return formatAtOffset(instant, offsetMinutes).slice(0, 10);
}

/** The instant truncated to the whole minute. */
export function startOfMinute(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
