import { formatDuration } from '../../shared/core/format-duration.ts';
import { recordDurationSeconds } from '../../shared/core/record-duration.ts';
import { assertTimeZone, parseStarted, startedEpochMs } from '../../shared/core/started-time.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { boxTable, type TableRow } from '../output/box-table.ts';
import { toJson } from '../output/json-output.ts';
import { shortIds } from '../output/short-ids.ts';
import { openWorkspace } from '../workspace/open-workspace.ts';
import { countedRecords, warnProblems } from '../workspace/report-records.ts';
import { readSnapshotMentioning } from '../read/selective-snapshot.ts';
import { assertIssueKey } from './issue-key.ts';

export interface WorklogsOptions {
  issue: string;
  json: boolean;
  /** Also the deleted records (tombstones), marked `deleted` and left out of the total. */
  all?: boolean;
}

export type SyncMark = 'synced' | 'queued' | 'pending' | 'deleted';

/** `tract worklogs <ISSUE>`: every author's worklogs on one issue, oldest first, with a total. */
export async function runWorklogs(ctx: CommandContext, opts: WorklogsOptions): Promise<CommandResult> {
  assertIssueKey(opts.issue);
  const ws = await openWorkspace(ctx);
  const zone = assertTimeZone(ws.config.timezone);
  const snapshot = await readSnapshotMentioning(ws, opts.issue);
  warnProblems(ctx.terminal, snapshot);
  const queued = new Set((await ws.worklogs.readWorkingQueue()).flatMap((q) => (q.entry ? [q.entry.worklogId] : [])));
  const tombstones = opts.all === true ? snapshot.records.tombstones.map((line) => line.record) : [];
  const records = [...countedRecords(snapshot), ...tombstones]
    .filter((record) => record.issue === opts.issue)
    .sort((a, b) => startedEpochMs(a.started) - startedEpochMs(b.started));
  const worklogs = records.map((record) => {
    const timeSeconds = recordDurationSeconds(record.time, ws.units) ?? 0;
    const sync: SyncMark = record.deleted !== undefined ? 'deleted' : record.jira !== undefined || record.source === 'jira' ? 'synced' : queued.has(record.id) ? 'queued' : 'pending';
    return { id: record.id, author: record.author, started: record.started, time: formatDuration(timeSeconds), timeSeconds, comment: record.comment, sync, ...(record.deleted === undefined ? {} : { deleted: record.deleted }) };
  });
  const totalSeconds = worklogs.reduce((sum, w) => sum + (w.sync === 'deleted' ? 0 : w.timeSeconds), 0);
  if (opts.json) {
    ctx.io.stdout.write(toJson({ issue: opts.issue, worklogs, total: formatDuration(totalSeconds), totalSeconds }));
    return {};
  }
  if (worklogs.length === 0) {
    ctx.terminal.out(`No worklogs on ${opts.issue}`);
    return {};
  }
  const ids = shortIds([...snapshot.records.records, ...snapshot.records.tombstones].map((line) => line.record.id));
  const rows: TableRow[] = worklogs.map((w) => [
    ids.get(w.id) ?? w.id,
    w.author,
    parseStarted(w.started).setZone(zone).toFormat('yyyy-MM-dd HH:mm'),
    w.time,
    w.comment ?? '',
    w.sync,
  ]);
  rows.push('separator', ['Total', '', '', formatDuration(totalSeconds), '', '']);
  const columns = [{ header: 'ID' }, { header: 'Author' }, { header: `Started (${zone})` }, { header: 'Time', align: 'right' as const }, { header: 'Comment', maxWidth: 40 }, { header: 'Sync' }];
  ctx.terminal.out(boxTable(columns, rows));
  return {};
}
