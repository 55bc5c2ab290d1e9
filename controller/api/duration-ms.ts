import { ValidationError } from '../../shared/core/tract-error.ts';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WHOLE = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const PART = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g;

/**
 * A Go-style duration as the CRD writes them (`100ms`, `30s`, `1m`, `1h30m`; pattern
 * `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`) in milliseconds, rounded to whole milliseconds.
 */
export function durationMs(text: string, field = 'duration'): number {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) {
    throw new ValidationError(`${field}: expected a duration such as 100ms, 30s, 5m or 1h30m, found "${text}"`, { reason: 'InvalidSpec' });
  }
  let total = 0;
  for (const match of trimmed.matchAll(PART)) total += Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
  return Math.round(total);
}
