import type { Timesheet, TimesheetDay } from '../../shared/core/build-timesheet.ts';
import { formatDuration } from '../../shared/core/format-duration.ts';
import { boxTable, type Column, type TableRow } from '../output/box-table.ts';
import { periodFigures, statusIndicator } from '../output/status-indicator.ts';

const ISSUES_WIDTH = 48;

/**
 * The month view of `tract timesheet --month`: one row per day (its issues and times, its total, its
 * indicator), and a run of consecutive days without worklogs folded into one row (docs/cli.md).
 */
export function monthTable(sheet: Timesheet): string {
  const columns: Column[] = [{ header: 'Date' }, { header: 'Worklogs', maxWidth: ISSUES_WIDTH }, { header: 'Time', align: 'right' }, { header: 'Status' }];
  const rows: TableRow[] = [];
  for (const run of foldEmptyDays(sheet.days)) rows.push(run.length === 1 && run[0] !== undefined && run[0].entries.length > 0 ? dayRow(run[0]) : emptyRow(run));
  rows.push('separator', ['Total', '', sheet.total, statusIndicator(periodFigures(sheet))]);
  return boxTable(columns, rows);
}

/** Days in order, each day with worklogs on its own, consecutive days without any together. */
export function foldEmptyDays(days: readonly TimesheetDay[]): TimesheetDay[][] {
  const runs: TimesheetDay[][] = [];
  for (const day of days) {
    const last = runs.at(-1);
    const lastDay = last?.at(-1);
    if (last !== undefined && lastDay !== undefined && day.entries.length === 0 && lastDay.entries.length === 0 && lastDay.author === day.author) last.push(day);
    else runs.push([day]);
  }
  return runs;
}

function dayRow(day: TimesheetDay): TableRow {
  const byIssue = new Map<string, number>();
  for (const entry of day.entries) byIssue.set(entry.issue, (byIssue.get(entry.issue) ?? 0) + entry.timeSeconds);
  const worklogs = [...byIssue].map(([issue, seconds]) => `${issue} ${formatDuration(seconds)}`).join(', ');
  return [day.date, worklogs, day.total, statusIndicator(day)];
}

function emptyRow(run: readonly TimesheetDay[]): TableRow {
  const first = run[0];
  const last = run.at(-1);
  if (first === undefined || last === undefined) return ['', '', '', ''];
  const dates = run.length === 1 ? first.date : `${first.date} – ${last.date.slice(8)}`;
  const targetSeconds = run.reduce((total, day) => total + day.targetSeconds, 0);
  const working = run.filter((day) => !day.nonWorking).length;
  const what = run.length === 1 ? 'no worklogs' : `no worklogs (${run.length} days)`;
  if (working === 0) return [dates, what, '0m', 'non-working day'];
  const target = formatDuration(targetSeconds);
  return [dates, what, '0m', statusIndicator({ status: 'under', target, deficit: target })];
}
