import type { Timesheet, TimesheetStatus } from '../../shared/core/build-timesheet.ts';
import { formatDuration } from '../../shared/core/format-duration.ts';

export interface StatusFigures {
  status: TimesheetStatus;
  target: string;
  deficit?: string;
  surplus?: string;
  nonWorking?: true;
}

export const STATUS_EMOJI: Readonly<Record<TimesheetStatus, string>> = { ok: '✅', under: '⚠️', over: '🔥' };

/**
 * `✅ target 8h met`, `✅ target 8h met (+30m)`, `⚠️ 6h under target (8h)`, `🔥 2.5h over target (8h)`;
 * a non-working day has no target and no indicator: `non-working day`.
 */
export function statusIndicator(figures: StatusFigures): string {
  if (figures.nonWorking) return 'non-working day';
  const emoji = STATUS_EMOJI[figures.status];
  if (figures.status === 'under') return `${emoji} ${figures.deficit ?? ''} under target (${figures.target})`;
  if (figures.status === 'over') return `${emoji} ${figures.surplus ?? ''} over target (${figures.target})`;
  return `${emoji} target ${figures.target} met${figures.surplus ? ` (+${figures.surplus})` : ''}`;
}

/** The figures of a whole period (a week's or a month's total row): its total against its target. */
export function periodFigures(sheet: Timesheet): StatusFigures {
  const difference = Math.abs(sheet.totalSeconds - sheet.targetSeconds);
  const text = formatDuration(difference);
  return { status: sheet.status, target: sheet.target, deficit: text, surplus: sheet.totalSeconds > sheet.targetSeconds ? text : undefined };
}
