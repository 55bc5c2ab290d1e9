/**
 * `tract start`, `stop` and `cancel` (docs/cli.md, "Timers"): one timer per clone, kept in the git
 * directory (timer-file.ts); stopping logs the worklog exactly as `tract log` does.
 */
import { parseDuration } from '../../shared/core/parse-duration.ts';
import { localDate } from '../../shared/core/report-period.ts';
import { assertTimeZone, resolveStartedInput } from '../../shared/core/started-time.ts';
import { parseIsoInstant } from '../../shared/core/parse-iso-instant.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import type { CommandContext, CommandResult, SyncFlags } from '../command-context.ts';
import { openWorkspace } from '../workspace/open-workspace.ts';
import { assertIssueKey } from '../commands/issue-key.ts';
import { runLog } from '../commands/log-command.ts';
import { assertPlausibleEntry } from '../commands/log-guards.ts';
import { openTimerFile } from './timer-file.ts';
import { describeStart, elapsedSeconds, formatElapsed, minutesToLog, type TimerState } from './timer-state.ts';

export interface StartOptions {
  issue: string;
  comment: string | undefined;
  at: string | undefined;
  force: boolean;
}

export async function runStart(ctx: CommandContext, opts: StartOptions): Promise<CommandResult> {
  assertIssueKey(opts.issue);
  const ws = await openWorkspace(ctx);
  const file = await openTimerFile(ctx);
  const now = ctx.io.clock.now();
  const zone = assertTimeZone(ws.config.timezone);
  const running = file.read();
  if (running !== undefined) {
    throw new ValidationError(
      `A timer is already running on ${running.issue} since ${describeStart(running, localDate(now.toISOString(), zone))}: ` +
        '`tract stop` logs it, `tract cancel` drops it',
      { reason: 'TimerRunning' },
    );
  }
  const started = resolveStartedInput(opts.at, zone, now);
  assertPlausibleEntry({ seconds: 0, started }, now, opts.force);
  const comment = opts.comment?.trim();
  const timer: TimerState = { version: 1, issue: opts.issue, started, ...(comment ? { comment } : {}) };
  file.write(timer);
  ctx.terminal.ok(`Timer started on ${opts.issue} at ${describeStart(timer, localDate(now.toISOString(), zone))}`);
  return {};
}

export interface StopOptions extends SyncFlags {
  at: string | undefined;
  force: boolean;
}

export async function runStop(ctx: CommandContext, opts: StopOptions): Promise<CommandResult> {
  const ws = await openWorkspace(ctx);
  const file = await openTimerFile(ctx);
  const timer = runningTimer(file.read());
  const now = ctx.io.clock.now();
  const end = opts.at === undefined ? now : new Date(parseIsoInstant(resolveStartedInput(opts.at, assertTimeZone(ws.config.timezone), now)) ?? now);
  if (!opts.force && end.getTime() >= now.getTime() + 60_000) {
    throw new ValidationError(`The end ${opts.at ?? ''} is in the future: check --at, or add --force if it is right`, { reason: 'FutureEnd' });
  }
  const minutes = minutesToLog(timer, { end, endGiven: opts.at !== undefined, force: opts.force, limitSeconds: parseDuration(ws.config.timerLimit, ws.units) });
  const { at: _at, ...sync } = opts;
  const result = await runLog(ctx, { ...sync, issue: timer.issue, time: `${minutes}m`, comment: timer.comment, started: timer.started });
  // The worklog is committed (a sync failure is only the result): the timer is done.
  file.remove();
  return result;
}

export async function runCancel(ctx: CommandContext): Promise<CommandResult> {
  const file = await openTimerFile(ctx);
  const timer = runningTimer(file.read());
  file.remove();
  ctx.terminal.ok(`Timer on ${timer.issue} cancelled after ${formatElapsed(elapsedSeconds(timer, ctx.io.clock.now()))}: nothing logged`);
  return {};
}

function runningTimer(timer: TimerState | undefined): TimerState {
  if (timer === undefined) throw new ValidationError('No timer is running: start one with `tract start ISSUE`', { reason: 'NoTimer' });
  return timer;
}
