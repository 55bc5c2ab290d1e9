import { buildTimesheet, type Timesheet, type TimesheetDay } from '../../shared/core/build-timesheet.ts';
import { formatDuration } from '../../shared/core/format-duration.ts';
import { parseDuration } from '../../shared/core/parse-duration.ts';
import { reportPeriod, type PeriodKind, type ReportPeriod } from '../../shared/core/report-period.ts';
import { assertTimeZone } from '../../shared/core/started-time.ts';
import { isNonWorkingDate } from '../../shared/core/weekdays.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { toCsv } from '../output/csv.ts';
import { toJson } from '../output/json-output.ts';
import { openWorkspace, resolveAuthor } from '../workspace/open-workspace.ts';
import { countedRecords, warnProblems } from '../workspace/report-records.ts';
import { readSnapshotMentioning } from '../read/selective-snapshot.ts';
import { renderTimesheet } from './render-timesheet.ts';

export type TimesheetFormat = 'text' | 'json' | 'csv';

export interface TimesheetCommandOptions {
  author: string | undefined;
  date: string | undefined;
  week: string | boolean | undefined;
  month: string | undefined;
  format: TimesheetFormat;
}

/** `tract timesheet`: one author's days against the daily target, in the configured zone. */
export async function runTimesheet(ctx: CommandContext, opts: TimesheetCommandOptions): Promise<CommandResult> {
  const [kind, ref] = periodChoice(opts);
  const ws = await openWorkspace(ctx);
  const zone = assertTimeZone(ws.config.timezone);
  const now = ctx.io.clock.now();
  const period = reportPeriod(kind, ref, zone, now);
  const author = opts.author ?? (await resolveAuthor(ws, ctx.env)).author;
  const dailyTargetSeconds = parseDuration(ws.config.dailyTarget, ws.units);
  const snapshot = await readSnapshotMentioning(ws, author);
  warnProblems(ctx.terminal, snapshot);
  const nonWorkingDays = ws.config.nonWorkingDays;
  const sheet = buildTimesheet(nearPeriod(countedRecords(snapshot), period), { author, period, dailyTargetSeconds, now, units: ws.units, nonWorkingDays });
  const days = kind === 'day' && sheet.days.length === 0 ? [emptyDay(author, period.label, dailyTargetSeconds, nonWorkingDays)] : sheet.days;
  const full: Timesheet = { ...sheet, days };
  if (opts.format === 'json') ctx.io.stdout.write(toJson(kind === 'day' ? days[0] : full));
  else if (opts.format === 'csv') ctx.io.stdout.write(timesheetCsv(full));
  else ctx.terminal.out(renderTimesheet(full));
  return {};
}

/**
 * The records whose written date lies within a day of the period (offsets are under 18 h), before the
 * exact zone arithmetic: a long history is mostly other months.
 */
function nearPeriod(records: readonly WorklogRecord[], period: ReportPeriod): WorklogRecord[] {
  const from = period.start.minus({ days: 1 }).toFormat('yyyy-MM-dd');
  const to = period.end.plus({ days: 1 }).toFormat('yyyy-MM-dd');
  return records.filter((record) => {
    const date = record.started.slice(0, 10);
    return date >= from && date <= to;
  });
}

function periodChoice(opts: TimesheetCommandOptions): [PeriodKind, string | undefined] {
  const chosen: [PeriodKind, string | undefined][] = [];
  if (opts.date !== undefined) chosen.push(['day', opts.date]);
  if (opts.week !== undefined && opts.week !== false) chosen.push(['week', typeof opts.week === 'string' ? opts.week : undefined]);
  if (opts.month !== undefined) chosen.push(['month', opts.month]);
  if (chosen.length > 1) throw new ValidationError('Choose one period: --date, --week or --month', { reason: 'Usage' });
  return chosen[0] ?? ['day', undefined];
}

/** A day without entries still shows its target (a non-working day has none). */
function emptyDay(author: string, date: string, dailyTargetSeconds: number, nonWorkingDays: readonly number[]): TimesheetDay {
  const nonWorking = isNonWorkingDate(date, nonWorkingDays);
  const targetSeconds = nonWorking ? 0 : dailyTargetSeconds;
  const base = { author, date, entries: [], total: formatDuration(0), totalSeconds: 0, target: formatDuration(targetSeconds), targetSeconds };
  if (nonWorking) return { ...base, status: 'ok', nonWorking: true };
  return { ...base, status: 'under', deficit: formatDuration(targetSeconds), deficitSeconds: targetSeconds };
}

function timesheetCsv(sheet: Timesheet): string {
  const rows = sheet.days.flatMap((day) =>
    day.entries.map((entry) => [day.author, day.date, entry.issue, entry.started, entry.time, entry.timeSeconds, entry.comment]),
  );
  return toCsv(['author', 'date', 'issue', 'started', 'time', 'timeSeconds', 'comment'], rows);
}
