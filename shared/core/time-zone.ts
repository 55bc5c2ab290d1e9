import { IANAZone } from 'luxon';
import { ValidationError } from './tract-error.ts';

/**
 * Returns `zone` unchanged when it is an IANA zone name the runtime knows (`Europe/Berlin`, `UTC`, …).
 * Offsets such as `+01:00` are refused: reports need a zone's DST rules, not one fixed offset.
 * Throws ValidationError (reason `InvalidTimeZone`) naming the bad zone.
 */
export function assertTimeZone(zone: string): string {
  if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) && IANAZone.isValidZone(zone)) return zone;
  throw new ValidationError(
    `Unknown time zone "${zone}": use an IANA zone name such as Europe/Berlin, America/New_York or UTC`,
    { reason: 'InvalidTimeZone' },
  );
}
