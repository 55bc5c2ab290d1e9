/**
 * Checks of a new worklog that catch typing slips rather than invalid data (docs/cli-decisions.md,
 * "Everyday polish"): one entry over 24 h, or a start in the future, is refused unless `--force` says it is
 * meant. Pure: the caller passes the clock's time.
 */
import { formatDuration } from '../../shared/core/format-duration.ts';
import { parseIsoInstant } from '../../shared/core/parse-iso-instant.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';

export const MAX_ENTRY_SECONDS = 24 * 3600;

export interface EntryToCheck {
  seconds: number;
  /** The record's `started` (ISO 8601 with offset). */
  started: string;
}

export function assertPlausibleEntry(entry: EntryToCheck, now: Date, force: boolean): void {
  if (force) return;
  if (entry.seconds > MAX_ENTRY_SECONDS) {
    throw new ValidationError(
      `${formatDuration(entry.seconds)} in one worklog is over 24h: log each day on its own, or add --force if it is right`,
      { reason: 'OverlongEntry' },
    );
  }
  const startMs = parseIsoInstant(entry.started);
  // The current minute is not the future: starts are kept to the minute.
  if (startMs !== undefined && startMs >= Math.floor(now.getTime() / 60_000) * 60_000 + 60_000) {
    throw new ValidationError(`Start ${entry.started.slice(0, 16).replace('T', ' ')} is in the future: check --started, or add --force if it is right`, {
      reason: 'FutureStart',
    });
  }
}

/** Where a worklog starts when no start is given: now minus its duration (the work just ended). */
export function defaultStart(now: Date, seconds: number): Date {
  return new Date(Math.floor((now.getTime() - seconds * 1000) / 60_000) * 60_000);
}
