import { formatDuration } from '../../shared/core/format-duration.ts';
import { recordDurationSeconds, type DurationUnits } from '../../shared/core/record-duration.ts';

/** A record's time in display form (`90m` → `1.5h`); as written when it does not parse. */
export function displayTime(time: string, units: DurationUnits): string {
  const seconds = recordDurationSeconds(time, units);
  return seconds === undefined ? time : formatDuration(seconds);
}
