/** Working-time units of a site: `1d` = hoursPerDay hours, `1w` = daysPerWeek days. */
export interface WorkingTime {
  hoursPerDay: number;
  daysPerWeek: number;
}

const TOKEN = /(\d+(?:\.\d+)?)\s*([wdhm])/gy;

function unitSeconds(unit: string, time: WorkingTime): number {
  if (unit === 'w') return time.daysPerWeek * time.hoursPerDay * 3600;
  if (unit === 'd') return time.hoursPerDay * 3600;
  if (unit === 'h') return 3600;
  return 60;
}

/**
 * Parses Jira duration notation (`3h 20m`, `1d`, `1w 2d`, `1.5h`; a bare number means minutes), as Jira
 * accepts it in `timeSpent`, `newEstimate`, `reduceBy` and `increaseBy`. Returns undefined when invalid.
 */
export function parseJiraDuration(text: string, time: WorkingTime): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 60;
  if (trimmed === '') return undefined;
  let seconds = 0;
  let position = 0;
  TOKEN.lastIndex = 0;
  for (;;) {
    while (trimmed[position] === ' ') position++;
    if (position >= trimmed.length) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(trimmed);
    if (match === null) return undefined;
    seconds += Number(match[1]) * unitSeconds(match[2] ?? 'm', time);
    position = TOKEN.lastIndex;
  }
  return Math.round(seconds);
}

/** Renders seconds the way Jira's "pretty" format does: `1w 2d 3h 20m`, zero parts left out, `0m` for zero. */
export function formatJiraDuration(seconds: number, time: WorkingTime): string {
  const parts: string[] = [];
  let rest = Math.floor(Math.max(0, seconds) / 60) * 60;
  for (const unit of ['w', 'd', 'h', 'm']) {
    const size = unitSeconds(unit, time);
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.length === 0 ? '0m' : parts.join(' ');
}
