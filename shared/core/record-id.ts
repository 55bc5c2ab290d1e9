import { v7 } from 'uuid';
import type { Clock } from './clock.ts';
import { parseIsoInstant, ISO_INSTANT_EXPECTED } from './parse-iso-instant.ts';
import { ValidationError } from './tract-error.ts';

/**
 * A new record id: a UUIDv7 whose time part is `clock.now()`, so ids sort by creation time.
 * `random` (16 bytes): the CLI passes bytes read from the kernel (cli/system/random-bytes.ts), tests fixed
 * ones; without it, uuid draws them from Web Crypto.
 */
export function newRecordId(clock: Clock, random?: Uint8Array): string {
  const msecs = clock.now().getTime();
  return random === undefined ? v7({ msecs }) : v7({ msecs, random });
}

/**
 * The id of a hand-written line without `id` (docs/records.md): `h-` + the first 16 hex digits of
 * sha256(`issue|author|<started as decimal epoch milliseconds>`), e.g. sha256("APP-1|john|1771056000000").
 * Using the instant makes `…T09:00:00+01:00` and `…T08:00:00.000Z` the same record.
 */
export function deriveRecordId(issue: string, author: string, started: string): string {
  const epochMs = parseIsoInstant(started);
  if (epochMs === undefined) {
    throw new ValidationError(`Cannot derive a record id: started must be ${ISO_INSTANT_EXPECTED}, found ${JSON.stringify(started)}`);
  }
  // node:crypto is loaded on first use, not imported: loading it costs `tract log` ~5 ms of start-up, and
  // most files have no hand-written line. (This reads no process state.)
  // eslint-disable-next-line no-restricted-globals
  const digest = process.getBuiltinModule('node:crypto').createHash('sha256').update(`${issue}|${author}|${epochMs}`, 'utf8').digest('hex');
  return `h-${digest.slice(0, 16)}`;
}
