import { ValidationError } from './tract-error.ts';

/** How long a `d` and a `w` are (docs/time.md): configurable per repo, e.g. 7.5-hour Jira days. */
export interface DurationUnits {
  hoursPerDay: number;
  daysPerWeek: number;
}

export const DEFAULT_DURATION_UNITS: DurationUnits = Object.freeze({ hoursPerDay: 8, daysPerWeek: 5 });

/** One worklog longer than a (leap) year of wall-clock time is a typo, never real work. */
export const MAX_DURATION_SECONDS = 366 * 24 * 3600;

const EXAMPLES = 'e.g. 2h, 30m, 1.5h, 1h30m or 1d 4h';
const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
const WHOLE = new RegExp(String.raw`^(?:${NUMBER}\s*[a-z]+\s*)+$`);
const COMPONENT = new RegExp(String.raw`(${NUMBER})\s*([a-z]+)`, 'g');
const BARE_NUMBER = new RegExp(`^${NUMBER}$`);

type Unit = 'w' | 'd' | 'h' | 'm';

/**
 * Parses a human duration (`2h`, `30m`, `1d`, `1w`, `1.5h`, `1h30m`, `1h 30m`, case and spaces free) into
 * whole seconds, a multiple of 60: the total is rounded to the nearest minute (halves up). Each unit may
 * appear once, in any order. Throws ValidationError (reason `InvalidDuration`) with a one-line message for
 * anything else: no unit, seconds, unknown or repeated units, negative, under 1 minute (Jira rejects < 60 s)
 * or over MAX_DURATION_SECONDS.
 */
export function parseDuration(text: string, units: DurationUnits = DEFAULT_DURATION_UNITS): number {
  assertUnits(units);
  const normalised = text.trim().toLowerCase();
  assertShape(text, normalised);
  const seen = new Set<Unit>();
  let seconds = 0;
  for (const [, amount, unitText] of normalised.matchAll(COMPONENT)) {
    const unit = toUnit(text, unitText ?? '');
    if (seen.has(unit)) throw invalid(text, `the unit "${unit}" appears twice; write each unit once (${EXAMPLES})`);
    seen.add(unit);
    seconds += Number(amount) * unitSeconds(unit, units);
  }
  return checkedMinutes(text, seconds) * 60;
}

function assertUnits(units: DurationUnits): void {
  const { hoursPerDay, daysPerWeek } = units;
  if (!(Number.isFinite(hoursPerDay) && hoursPerDay > 0 && hoursPerDay <= 24)) {
    throw new ValidationError(`hoursPerDay must be a number above 0 and at most 24, got ${String(hoursPerDay)}`, {
      reason: 'InvalidDurationUnits',
    });
  }
  if (!(Number.isFinite(daysPerWeek) && daysPerWeek > 0 && daysPerWeek <= 7)) {
    throw new ValidationError(`daysPerWeek must be a number above 0 and at most 7, got ${String(daysPerWeek)}`, {
      reason: 'InvalidDurationUnits',
    });
  }
}

function assertShape(text: string, normalised: string): void {
  if (normalised === '') throw invalid(text, `it is empty; give a time such as 2h or 30m`);
  if (normalised.startsWith('-')) throw invalid(text, `it must be positive (${EXAMPLES})`);
  if (BARE_NUMBER.test(normalised)) {
    if (Number(normalised) === 0) throw invalid(text, 'it is zero; log 1m or more');
    throw invalid(text, `it has no unit; write ${normalised}m or ${normalised}h`);
  }
  if (normalised.includes(',')) throw invalid(text, `use a dot for decimals (${EXAMPLES})`);
  if (!WHOLE.test(normalised)) throw invalid(text, `expected a number with a unit h, m, d or w (${EXAMPLES})`);
}

function toUnit(text: string, unitText: string): Unit {
  if (unitText === 'w' || unitText === 'd' || unitText === 'h' || unitText === 'm') return unitText;
  if (unitText === 's') throw invalid(text, 'seconds are not supported because Jira logs whole minutes; use 1m or more');
  throw invalid(text, `unknown unit "${unitText}"; use h, m, d or w (${EXAMPLES})`);
}

function unitSeconds(unit: Unit, units: DurationUnits): number {
  const day = units.hoursPerDay * 3600;
  if (unit === 'w') return units.daysPerWeek * day;
  if (unit === 'd') return day;
  return unit === 'h' ? 3600 : 60;
}

function checkedMinutes(text: string, seconds: number): number {
  if (!(seconds >= 60)) throw invalid(text, 'it is under 1 minute, which Jira rejects; use 1m or more');
  if (seconds > MAX_DURATION_SECONDS) throw invalid(text, 'it is longer than a year; check the number and unit');
  // toFixed removes float noise such as 0.025h → 90.00000000000001 s before rounding half up.
  return Math.round(Number((seconds / 60).toFixed(6)));
}

function invalid(text: string, why: string): ValidationError {
  return new ValidationError(`Invalid duration "${text}": ${why}`, { reason: 'InvalidDuration' });
}
