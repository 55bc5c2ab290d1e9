import { findDuplicates } from '../../shared/core/find-duplicates.ts';
import { formatDuration } from '../../shared/core/format-duration.ts';
import { parseDuration } from '../../shared/core/parse-duration.ts';
import { nextQueueFileName, QUEUE_DIR } from '../../shared/core/queue-entry.ts';
import { newRecordId } from '../../shared/core/record-id.ts';
import { formatAtOffset, localDateAtOffset } from '../../shared/core/format-at-offset.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import { worklogFilePath } from '../../shared/core/worklog-file-path.ts';
import { decodedWorklogFile, type WorklogChange, type WorklogFile } from '../../shared/git/worklog-repository.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { checkServer, syncTarget } from '../sync-server/sync-target.ts';
import { openWorkspace, resolveAuthor, type Workspace } from '../workspace/open-workspace.ts';
import { publish } from '../workspace/publish.ts';
import { assertLanded, assertNoUncommittedChanges } from '../workspace/own-change.ts';
import { formatProblem } from '../workspace/report-records.ts';
import { assertIssueKey } from './issue-key.ts';
import { assertPlausibleEntry, defaultStart } from './log-guards.ts';
import type { LogDraft, LogOptions } from './log-types.ts';
import { reportLog } from './log-report.ts';

/**
 * `tract log`: validate everything first (nothing is written on bad input, nor into a month file with
 * uncommitted edits), check the sync server, add the line (plus a queue entry when the server is
 * unreachable) in a canonical file, one commit, push, check it landed, and report.
 */
export async function runLog(ctx: CommandContext, opts: LogOptions): Promise<CommandResult> {
  assertIssueKey(opts.issue);
  const ws = await openWorkspace(ctx);
  const draft = await draftLog(ctx, ws, opts);
  assertPlausibleEntry({ seconds: draft.seconds, started: draft.record.started }, ctx.io.clock.now(), opts.force === true);
  const text = await ws.worklogs.readWorkingFile(draft.file);
  const [server] = await Promise.all([checkServer(syncTarget(ws.config)), assertNoUncommittedChanges(ws, [draft.file])]);
  const change: WorklogChange = { base: [{ path: draft.file, text }], puts: [draft.record], description: { kind: 'log', issue: draft.record.issue, time: draft.record.time } };
  if (server.kind === 'unreachable') {
    const entry = { version: 1, worklogId: draft.record.id, file: draft.file, queuedAt: ctx.io.clock.now().toISOString(), reason: 'sync server unreachable' } as const;
    change.enqueue = [{ path: await queuePathFor(ctx, ws), entry }];
  }
  // The warnings need the whole file decoded: that is done while git runs.
  await ws.worklogs.commit(change, {
    whileGitRuns: () => warnAboutFile(ctx, ws, decodedWorklogFile(draft.file, text), draft.record),
  });
  const published = await publish(ws, opts.push);
  await assertLanded(ws, published, [{ file: draft.file, record: draft.record }]);
  return reportLog(ctx, ws, { draft, server, published, opts });
}

async function draftLog(ctx: CommandContext, ws: Workspace, opts: LogOptions): Promise<LogDraft> {
  const seconds = parseDuration(opts.time, ws.units);
  const started = await resolveStarted(ctx, ws, opts.started, seconds);
  const { author } = await resolveAuthor(ws, ctx.env);
  const comment = opts.comment?.trim();
  const record: WorklogRecord = {
    id: newRecordId(ctx.io.clock, ctx.io.randomBytes(16)),
    issue: opts.issue,
    author,
    time: formatDuration(seconds),
    started,
    ...(comment ? { comment } : {}),
  };
  return { record, file: worklogFilePath(started, ws.config.worklogDir), seconds };
}

/**
 * The default start (now minus the duration: cli/commands/log-guards.ts) in this machine's zone, or in
 * UTC, needs only an offset; other zones and the `--started` forms need the time-zone database (luxon
 * over Intl, whose start-up costs as much as the commit), loaded then.
 */
async function resolveStarted(ctx: CommandContext, ws: Workspace, input: string | undefined, seconds: number): Promise<string> {
  const now = ctx.io.clock.now();
  const start = defaultStart(now, seconds);
  const offset = fastOffsetMinutes(ws, start);
  if (input === undefined && offset !== undefined) return formatAtOffset(start, offset);
  const { assertTimeZone, resolveStartedInput } = await import('../../shared/core/started-time.ts');
  return resolveStartedInput(input, assertTimeZone(ws.config.timezone), input === undefined ? start : now);
}

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu']);

/** The zone's offset at `now` when it is known without the time-zone database. */
function fastOffsetMinutes(ws: Workspace, now: Date): number | undefined {
  if (ws.loaded.sources.timezone === 'default') return -now.getTimezoneOffset();
  return UTC_ZONES.has(ws.config.timezone) ? 0 : undefined;
}

/** Malformed lines elsewhere in the month file never block logging; they are reported. */
function warnAboutFile(ctx: CommandContext, ws: Workspace, file: WorklogFile, record: WorklogRecord): void {
  for (const problem of file.decoded.problems) ctx.terminal.warn(`Skipped malformed line ${formatProblem(problem)}`);
  const candidate = { file: file.path, line: file.decoded.lines.length + file.decoded.problems.length + 1, raw: '', record };
  const group = findDuplicates([...file.decoded.lines, candidate], ws.units).find((g) => g.duplicates.includes(candidate));
  if (group !== undefined) {
    ctx.terminal.warn(
      `Same issue, author, start minute and time as ${group.kept.file}:${group.kept.line}: only one of the two will be synced to Jira`,
    );
  }
}

async function queuePathFor(ctx: CommandContext, ws: Workspace): Promise<string> {
  const now = ctx.io.clock.now();
  const offset = fastOffsetMinutes(ws, now);
  const today = offset !== undefined
    ? localDateAtOffset(now, offset)
    : (await import('../../shared/core/report-period.ts')).localDate(now.toISOString(), ws.config.timezone);
  return `${QUEUE_DIR}/${nextQueueFileName(await ws.worklogs.workingQueueNames(), today)}`;
}
