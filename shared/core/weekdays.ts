/** Weekday names in config (`nonWorkingDays: Sat,Sun`) as ISO weekday numbers (1 = Monday … 7 = Sunday). */
const NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The ISO weekdays named in `text` (three-letter or full English names, any case); undefined if any is unknown. */
export function parseWeekdays(text: string): number[] | undefined {
  const days = new Set<number>();
  for (const item of text.split(',')) {
    const name = item.trim().toLowerCase();
    if (name === '') continue;
    const index = NAMES.findIndex((short) => name === short || (name.length > 3 && `${short}${FULL_SUFFIX[short] ?? ''}` === name));
    if (index < 0) return undefined;
    days.add(index + 1);
  }
  return [...days].sort((a, b) => a - b);
}

const FULL_SUFFIX: Record<string, string> = { mon: 'day', tue: 'sday', wed: 'nesday', thu: 'rsday', fri: 'day', sat: 'urday', sun: 'day' };

export const DEFAULT_NON_WORKING_DAYS: readonly number[] = Object.freeze([6, 7]);

/** The ISO weekday of a calendar date `YYYY-MM-DD` (a date's weekday does not depend on the zone). */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isNonWorkingDate(date: string, nonWorkingDays: readonly number[]): boolean {
  return nonWorkingDays.includes(isoWeekday(date));
}
