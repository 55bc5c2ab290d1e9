import { InternalError } from './tract-error.ts';

/**
 * Formats seconds for display and for records written from Jira (docs/time.md): under 1 h → `45m`; 1 h or
 * more → decimal hours when exact to two decimals (`2h`, `1.5h`, `1.25h`, `1.05h`), otherwise `1h 23m`.
 * Seconds are rounded to the nearest minute; 0 → `0m` (totals and weekend targets). Never uses `d`/`w`,
 * so the text means the same whatever a repo's day length: parseDuration(formatDuration(s)) === s for
 * every whole-minute s ≥ 60.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new InternalError(`formatDuration needs a non-negative number of seconds, got ${String(seconds)}`);
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  // Exact to two decimals of an hour means a multiple of 0.6 minutes, i.e. minutes divisible by 3.
  if (minutes % 3 === 0) return `${decimalHours((minutes * 5) / 3)}h`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function decimalHours(hundredths: number): string {
  const whole = Math.floor(hundredths / 100);
  const fraction = String(hundredths % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}
