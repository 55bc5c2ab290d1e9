/**
 * The field rules of JSONL v1 (docs/records.md), shared by the line decoder and `validateWorklogRecord`.
 * Every rule runs on every field, so a line reports all of its bad fields at once.
 */
import { parseIsoInstant, ISO_INSTANT_EXPECTED } from './parse-iso-instant.ts';
import { readRecordDuration } from './record-duration.ts';
import { ISSUE_KEY_PATTERN } from './worklog-record.ts';
import type { JiraLink, WorklogRecord } from './worklog-record.ts';

/** A problem with one record, before it is placed in a file (see `WorklogProblem`). */
export interface RecordProblem {
  expected: string;
  found: string;
  /** One line, without file and line number (the caller shows those). */
  message: string;
}

/** The fields JSONL v1 knows, in the order they are written. */
export const KNOWN_FIELDS = ['id', 'issue', 'author', 'time', 'started', 'comment', 'source', 'jira', 'updated', 'deleted'] as const;
export type KnownField = (typeof KNOWN_FIELDS)[number];

const RECORD_ID = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|h-[0-9a-f]{16})$/;
const FOUND_MAX_CHARS = 60;

interface FieldRule {
  required: boolean;
  expected: string;
  accepts(value: unknown): boolean;
  /** Why an accepted-looking value is still wrong, when the rule can say more than `expected`. */
  explain?(value: unknown): string | undefined;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNonBlank = (value: unknown): boolean => isString(value) && value.trim() !== '';
const isInstant = (value: unknown): boolean => isString(value) && parseIsoInstant(value) !== undefined;

const RULES: Record<Exclude<KnownField, 'jira'>, FieldRule> = {
  id: { required: false, expected: 'a UUID, or h- followed by 16 lower-case hex digits', accepts: (v) => isString(v) && RECORD_ID.test(v) },
  issue: { required: true, expected: 'a Jira issue key such as APP-123', accepts: (v) => isString(v) && ISSUE_KEY_PATTERN.test(v) },
  author: { required: true, expected: 'a non-empty tract user name', accepts: isNonBlank },
  time: {
    required: true,
    expected: 'a duration such as 2h, 30m, 1.5h or 1h 30m',
    accepts: (v) => isString(v) && readRecordDuration(v).seconds !== undefined,
    explain: (v) => (isString(v) ? readRecordDuration(v).problem : undefined),
  },
  started: { required: true, expected: ISO_INSTANT_EXPECTED, accepts: isInstant },
  comment: { required: false, expected: 'a string', accepts: isString },
  source: { required: false, expected: '"tract" or "jira"', accepts: (v) => v === 'tract' || v === 'jira' },
  updated: { required: false, expected: ISO_INSTANT_EXPECTED, accepts: isInstant },
  deleted: { required: false, expected: ISO_INSTANT_EXPECTED, accepts: isInstant },
};

const JIRA_RULES: Record<keyof JiraLink, FieldRule> = {
  worklogId: { required: true, expected: 'a Jira worklog id such as "10234"', accepts: isNonBlank },
  issueId: { required: true, expected: 'a Jira issue id such as "12345"', accepts: isNonBlank },
  syncedAt: { required: true, expected: ISO_INSTANT_EXPECTED, accepts: isInstant },
};

/** A short, one-line rendering of a value for `found`. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  return json.length > FOUND_MAX_CHARS ? `${json.slice(0, FOUND_MAX_CHARS - 1)}…` : json;
}

/** Describes what a JSON value is, for "expected a JSON object" problems. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkField(name: string, rule: FieldRule, value: unknown, problems: RecordProblem[]): void {
  if (value === undefined && !rule.required) return;
  if (rule.accepts(value)) return;
  const found = describeFound(value);
  const why = rule.explain?.(value);
  const message =
    value === undefined ? `${name} is missing: add ${rule.expected}`
    : why === undefined ? `${name} must be ${rule.expected}, found ${found}`
    : `${name}: ${why}`;
  problems.push({ expected: `${name}: ${rule.expected}`, found, message });
}

function checkJira(value: unknown, problems: RecordProblem[]): JiraLink | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    const expected = 'an object {"worklogId", "issueId", "syncedAt"}';
    problems.push({ expected: `jira: ${expected}`, found: describeFound(value), message: `jira must be ${expected}, found ${describeKind(value)}` });
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(JIRA_RULES) as (keyof JiraLink)[]) {
    checkField(`jira.${key}`, JIRA_RULES[key], value[key], problems);
  }
  if (problems.length > before) return undefined;
  return { worklogId: value.worklogId as string, issueId: value.issueId as string, syncedAt: value.syncedAt as string };
}

/**
 * Checks the known fields of one record and builds the record without `id` (the caller derives it when
 * absent) and without `extra`. Returns no record when any field is bad.
 */
export function checkKnownFields(fields: Record<string, unknown>): { record?: Omit<WorklogRecord, 'id'> & { id?: string }; problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  for (const [name, rule] of Object.entries(RULES)) checkField(name, rule, fields[name], problems);
  const jira = checkJira(fields.jira, problems);
  if (problems.length > 0) return { problems };
  const record: Omit<WorklogRecord, 'id'> & { id?: string } = {
    issue: fields.issue as string,
    author: fields.author as string,
    time: fields.time as string,
    started: fields.started as string,
  };
  for (const name of ['id', 'comment', 'source', 'updated', 'deleted'] as const) {
    if (fields[name] !== undefined) Object.assign(record, { [name]: fields[name] });
  }
  if (jira !== undefined) record.jira = jira;
  return { record, problems };
}
