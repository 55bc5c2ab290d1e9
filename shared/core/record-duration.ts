/**
 * The one place where the record codec reads a `time` value, so that it agrees with `parseDuration`
 * (docs/time.md) everywhere: decoding, duplicate keys.
 */
import { DEFAULT_DURATION_UNITS, parseDuration } from './parse-duration.ts';
import type { DurationUnits } from './parse-duration.ts';
import { ValidationError } from './tract-error.ts';

export type { DurationUnits } from './parse-duration.ts';

/** Whole seconds of a record's `time`, or the one-line reason it is not a duration. */
export function readRecordDuration(time: string, units: DurationUnits = DEFAULT_DURATION_UNITS): { seconds?: number; problem?: string } {
  try {
    return { seconds: parseDuration(time, units) };
  } catch (err) {
    // Bad units are the caller's bug, not the line's: let them surface.
    if (err instanceof ValidationError && err.reason === 'InvalidDuration') return { problem: err.message };
    throw err;
  }
}

/** Whole seconds of a record's `time`, or `undefined` when it is not a duration. */
export function recordDurationSeconds(time: string, units?: DurationUnits): number | undefined {
  return readRecordDuration(time, units).seconds;
}
