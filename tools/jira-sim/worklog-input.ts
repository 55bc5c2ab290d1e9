import { adfToText, isAdfDoc } from './adf.ts';
import { type WorkingTime, parseJiraDuration } from './jira-duration.ts';
import { JIRA_MESSAGES, badRequest, worklogInvalid } from './jira-error.ts';
import { parseJiraStarted } from './jira-time.ts';
import type { ApiVersion, SimComment } from './sim-types.ts';

/** The writable fields of a worklog request body, decoded and checked. Absent fields are undefined. */
export interface WorklogInput {
  startedMs?: number;
  timeSpentSeconds?: number;
  comment?: SimComment;
  visibility?: unknown;
  properties?: Map<string, unknown>;
}

export interface DecodeContext {
  version: ApiVersion;
  mode: 'create' | 'update';
  userZone: string;
  time: WorkingTime;
}

type Body = Record<string, unknown>;
type Errors = Record<string, string>;

const typeMessage = (field: string, expected: string): string => `The value of '${field}' must be ${expected}.`;

/**
 * Decodes a worklog body the way Jira validates it, collecting every field problem into one 400
 * (`errors` keyed by field, as Jira does) instead of stopping at the first.
 */
export function decodeWorklogInput(body: unknown, ctx: DecodeContext): WorklogInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest([JIRA_MESSAGES.invalidPayload]);
  }
  const input: WorklogInput = {};
  const errors: Errors = {};
  decodeStarted(body as Body, ctx, input, errors);
  decodeTime(body as Body, ctx, input, errors);
  decodeComment(body as Body, ctx, input, errors);
  decodeProperties(body as Body, input, errors);
  const { visibility } = body as Body;
  if (visibility !== undefined && visibility !== null) {
    if (typeof visibility === 'object' && !Array.isArray(visibility)) input.visibility = visibility;
    else errors.visibility = typeMessage('visibility', 'an object');
  }
  if (Object.keys(errors).length > 0) throw worklogInvalid(errors);
  return input;
}

function decodeStarted(body: Body, ctx: DecodeContext, input: WorklogInput, errors: Errors): void {
  const { started } = body;
  if (started === undefined || started === null) {
    if (ctx.mode === 'create') errors.started = JIRA_MESSAGES.startedRequired;
    return;
  }
  if (typeof started !== 'string') {
    errors.started = typeMessage('started', 'a string');
    return;
  }
  const ms = parseJiraStarted(started, ctx.userZone);
  if (ms === undefined) errors.started = JIRA_MESSAGES.startedFormat;
  else input.startedMs = ms;
}

/** Seconds from `timeSpentSeconds` (preferred when both are given) or from `timeSpent` notation. */
function timeSeconds(body: Body, ctx: DecodeContext, errors: Errors): number | undefined {
  const { timeSpent, timeSpentSeconds } = body;
  if (timeSpentSeconds !== undefined && timeSpentSeconds !== null) {
    if (typeof timeSpentSeconds === 'number' && Number.isInteger(timeSpentSeconds)) return timeSpentSeconds;
    errors.timeSpentSeconds = typeMessage('timeSpentSeconds', 'an integer');
    return undefined;
  }
  if (timeSpent === undefined || timeSpent === null) return undefined;
  if (typeof timeSpent !== 'string') {
    errors.timeSpent = typeMessage('timeSpent', 'a string');
    return undefined;
  }
  const seconds = parseJiraDuration(timeSpent, ctx.time);
  if (seconds === undefined) errors.timeLogged = JIRA_MESSAGES.timeInvalid;
  return seconds;
}

function decodeTime(body: Body, ctx: DecodeContext, input: WorklogInput, errors: Errors): void {
  const given = Object.keys(errors).length;
  const seconds = timeSeconds(body, ctx, errors);
  if (Object.keys(errors).length > given) return;
  // Jira keeps whole minutes: anything under 60 s is "no time" (docs/time.md; docs/jira-api.md, "Worklog fields").
  const missing = seconds === undefined && ctx.mode === 'create';
  if (missing || (seconds !== undefined && seconds < 60)) errors.timeLogged = JIRA_MESSAGES.timeRequired;
  else if (seconds !== undefined) input.timeSpentSeconds = seconds;
}

function decodeComment(body: Body, ctx: DecodeContext, input: WorklogInput, errors: Errors): void {
  const { comment } = body;
  if (comment === undefined || comment === null) return;
  if (ctx.version === '3') {
    // v3 requires ADF (gouqi PR #128).
    if (isAdfDoc(comment)) input.comment = { text: adfToText(comment), adf: comment };
    else errors.comment = JIRA_MESSAGES.adfRequired;
    return;
  }
  // v2 takes wiki text and silently ignores an ADF object (mcp-atlassian#1045).
  if (typeof comment === 'string') input.comment = { text: comment, adf: undefined };
}

function propertyProblem(entry: unknown): string | undefined {
  const e = entry as { key?: unknown } | null;
  if (typeof e !== 'object' || e === null || typeof e.key !== 'string' || e.key === '') {
    return typeMessage('properties', 'an array of {key, value}');
  }
  return e.key.length > 255 ? 'The property key cannot be longer than 255 characters.' : undefined;
}

function decodeProperties(body: Body, input: WorklogInput, errors: Errors): void {
  const { properties } = body;
  if (properties === undefined || properties === null) return;
  if (!Array.isArray(properties)) {
    errors.properties = typeMessage('properties', 'an array of {key, value}');
    return;
  }
  const map = new Map<string, unknown>();
  for (const entry of properties as { key: string; value?: unknown }[]) {
    const problem = propertyProblem(entry);
    if (problem !== undefined) {
      errors.properties = problem;
      return;
    }
    map.set(entry.key, entry.value ?? null);
  }
  input.properties = map;
}
