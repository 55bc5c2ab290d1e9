/**
 * A running timer and the arithmetic of stopping it (pure; docs/cli-decisions.md, "Timers"). The start is
 * kept as a `started` string (ISO 8601 with the offset of the configured zone), exactly what the worklog
 * gets, so a timer crossing midnight or a reboot stops to the same line.
 */
import { formatDuration } from '../../shared/core/format-duration.ts';
import { parseIsoInstant } from '../../shared/core/parse-iso-instant.ts';
import { localDate } from '../../shared/core/report-period.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import { ISSUE_KEY_PATTERN } from '../../shared/core/worklog-record.ts';

export interface TimerState {
  version: 1;
  issue: string;
  started: string;
  comment?: string;
}

export function decodeTimer(text: string, where: string): TimerState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isTimer(value)) {
    throw new ValidationError(`${where} is not a timer tract wrote (expected {"version":1,"issue","started"}): delete the file to drop it`, {
      reason: 'MalformedTimer',
    });
  }
  return value;
}

function isTimer(value: unknown): value is TimerState {
  if (typeof value !== 'object' || value === null) return false;
  const timer = value as Partial<TimerState>;
  const issueOk = typeof timer.issue === 'string' && ISSUE_KEY_PATTERN.test(timer.issue);
  const startOk = typeof timer.started === 'string' && parseIsoInstant(timer.started) !== undefined;
  return timer.version === 1 && issueOk && startOk && (timer.comment === undefined || typeof timer.comment === 'string');
}

/** `09:00`, or `2026-02-13 09:00` when the timer started on another day than `today` (YYYY-MM-DD). */
export function describeStart(timer: TimerState, today: string): string {
  const day = timer.started.slice(0, 10);
  const time = timer.started.slice(11, 16);
  return day === today ? time : `${day} ${time}`;
}

export function elapsedSeconds(timer: TimerState, end: Date): number {
  return Math.floor((end.getTime() - (parseIsoInstant(timer.started) ?? end.getTime())) / 1000);
}

/** Elapsed time as shown: whole minutes, never negative (`1h 5m`). */
export function formatElapsed(seconds: number): string {
  const whole = Math.max(0, seconds);
  return formatDuration(whole - (whole % 60));
}

/** The line `tract status` shows for a running timer. */
export function timerStatusLine(timer: TimerState, now: Date, zone: string): string {
  return `⏱ Timer running on ${timer.issue} since ${describeStart(timer, localDate(now.toISOString(), zone))} (${formatElapsed(elapsedSeconds(timer, now))})`;
}

export interface StopRequest {
  end: Date;
  /** The end was given (`--at`): the limit does not apply. */
  endGiven: boolean;
  force: boolean;
  limitSeconds: number;
}

/**
 * The whole minutes to log when the timer stops at `request.end`. A timer over the limit is not logged
 * blindly: its end must be given, or `--force` used.
 */
export function minutesToLog(timer: TimerState, request: StopRequest): number {
  const seconds = elapsedSeconds(timer, request.end);
  if (seconds < 0) {
    throw new ValidationError(`The end is before the timer's start (${timer.started.slice(0, 16).replace('T', ' ')}): check --at`, { reason: 'EndBeforeStart' });
  }
  if (seconds > request.limitSeconds && !request.endGiven && !request.force) {
    throw new ValidationError(
      `The timer on ${timer.issue} has run ${formatElapsed(seconds)}, over the ${formatDuration(request.limitSeconds)} limit (timerLimit): ` +
        'give the end with `tract stop --at HH:MM`, or `tract stop --force` to log it all',
      { reason: 'TimerOverLimit' },
    );
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) {
    throw new ValidationError(`The timer on ${timer.issue} ran less than a minute: nothing to log (\`tract cancel\` drops it)`, { reason: 'TimerTooShort' });
  }
  return minutes;
}
