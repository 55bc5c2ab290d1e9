import type { Timesheet, TimesheetDay } from '../../shared/core/build-timesheet.ts';
import { boxTable, type Column, type TableRow } from '../output/box-table.ts';
import { periodFigures, statusIndicator } from '../output/status-indicator.ts';
import { monthTable } from './render-month.ts';

const COMMENT_WIDTH = 40;

/** The box table of `tract timesheet`: entries, a total per day, and ✅ / ⚠️ / 🔥 against the target. */
export function renderTimesheet(sheet: Timesheet): string {
  const who = sheet.author ?? 'all authors';
  const title = `${who} · ${sheet.period.label} (${sheet.period.zone})`;
  if (sheet.period.kind === 'day') return `${title}\n${dayTable(sheet.days[0])}`;
  if (sheet.period.kind === 'month') return `${title}\n${monthTable(sheet)}`;
  return `${title}\n${periodTable(sheet)}`;
}

function dayTable(day: TimesheetDay | undefined): string {
  const columns: Column[] = [{ header: 'Issue' }, { header: 'Start' }, { header: 'Time', align: 'right' }, { header: 'Comment', maxWidth: COMMENT_WIDTH }];
  const rows: TableRow[] = (day?.entries ?? []).map((e) => [e.issue, clock(e.started), e.time, e.comment ?? '']);
  if (day !== undefined) rows.push('separator', ['Total', '', day.total, statusIndicator(day)]);
  return boxTable(columns, rows);
}

function periodTable(sheet: Timesheet): string {
  const columns: Column[] = [
    { header: 'Date' },
    { header: 'Issue' },
    { header: 'Start' },
    { header: 'Time', align: 'right' },
    { header: 'Comment', maxWidth: COMMENT_WIDTH },
  ];
  const rows: TableRow[] = [];
  sheet.days.forEach((day, index) => {
    if (index > 0) rows.push('separator');
    day.entries.forEach((e, i) => rows.push([i === 0 ? day.date : '', e.issue, clock(e.started), e.time, e.comment ?? '']));
    rows.push([day.entries.length === 0 ? day.date : '', 'day total', '', day.total, statusIndicator(day)]);
  });
  rows.push('separator', ['Total', '', '', sheet.total, statusIndicator(periodFigures(sheet))]);
  return boxTable(columns, rows);
}

/** `09:00` of a canonical started string already expressed in the report's zone. */
function clock(started: string): string {
  return started.slice(11, 16);
}
