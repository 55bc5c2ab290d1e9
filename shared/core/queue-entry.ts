/**
 * Offline queue entries (docs/records.md): `.tract/queue/worklogs/YYYY-MM-DD-NNN.json`, written by the CLI
 * when the sync server cannot be reached, taken oldest first by the controller.
 */
import { parseIsoInstant, ISO_INSTANT_EXPECTED } from './parse-iso-instant.ts';
import { ValidationError } from './tract-error.ts';

export interface QueueEntry {
  version: 1;
  /** The record's `id`. */
  worklogId: string;
  /** The worklog file holding the record, e.g. `worklogs/2026-02.jsonl`. */
  file: string;
  /** ISO time the entry was written. */
  queuedAt: string;
  /** Why it was queued, e.g. `sync server unreachable`. */
  reason: string;
}

export const QUEUE_DIR = '.tract/queue/worklogs';

const QUEUE_FILE = /^(\d{4}-\d{2}-\d{2})-(\d{3,})\.json$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Pretty JSON (2 spaces) and a final newline, keys in contract order. */
export function encodeQueueEntry(entry: QueueEntry): string {
  const { version, worklogId, file, queuedAt, reason } = entry;
  return `${JSON.stringify({ version, worklogId, file, queuedAt, reason }, null, 2)}\n`;
}

type Check = [field: keyof QueueEntry, ok: boolean, expected: string];

function entryChecks(value: Record<string, unknown>): Check[] {
  const nonBlank = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';
  return [
    ['version', value.version === 1, '1'],
    ['worklogId', nonBlank(value.worklogId), 'a record id'],
    ['file', nonBlank(value.file), 'a worklog file path such as worklogs/2026-02.jsonl'],
    ['queuedAt', typeof value.queuedAt === 'string' && parseIsoInstant(value.queuedAt) !== undefined, ISO_INSTANT_EXPECTED],
    ['reason', typeof value.reason === 'string', 'a string'],
  ];
}

function parseObject(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : 'unreadable';
    throw new ValidationError(`Queue entry ${path} is not valid JSON (${why}): fix or delete the file`, { reason: 'InvalidQueueEntry' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`Queue entry ${path} must be a JSON object {"version": 1, "worklogId", "file", "queuedAt", "reason"}`, { reason: 'InvalidQueueEntry' });
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a queue entry. Throws ValidationError (reason `InvalidQueueEntry`) naming the path and every bad
 * field. Unknown fields are ignored (a newer tract may add some).
 */
export function decodeQueueEntry(text: string, path: string): QueueEntry {
  const value = parseObject(text, path);
  const bad = entryChecks(value).filter(([, ok]) => !ok);
  if (bad.length > 0) {
    const details = bad.map(([field, , expected]) => `${field} must be ${expected}, found ${JSON.stringify(value[field]) ?? 'nothing'}`);
    throw new ValidationError(`Queue entry ${path} is invalid: ${details.join('; ')}`, { reason: 'InvalidQueueEntry' });
  }
  const { worklogId, file, queuedAt, reason } = value as unknown as QueueEntry;
  return { version: 1, worklogId, file, queuedAt, reason };
}

function assertDate(date: string): void {
  const match = DATE.exec(date);
  const [, y, m, d] = match ?? [];
  const probe = new Date(0);
  probe.setUTCFullYear(Number(y), Number(m) - 1, Number(d));
  const real = match !== null && probe.getUTCMonth() === Number(m) - 1 && probe.getUTCDate() === Number(d);
  if (!real) throw new ValidationError(`Queue date must be a calendar date YYYY-MM-DD, found ${JSON.stringify(date)}`);
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * The next free `YYYY-MM-DD-NNN.json` for `date`: one past the highest number used that day (gaps are
 * not refilled, so the numbers of one day keep their order), from 001, widening past 999. `existing`
 * may be names or paths; other names are ignored.
 */
export function nextQueueFileName(existing: readonly string[], date: string): string {
  assertDate(date);
  let highest = 0;
  for (const name of existing) {
    const match = QUEUE_FILE.exec(baseName(name));
    if (match?.[1] === date) highest = Math.max(highest, Number(match[2]));
  }
  return `${date}-${String(highest + 1).padStart(3, '0')}.json`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKey(name: string): [rank: number, date: string, number: number] {
  const match = QUEUE_FILE.exec(baseName(name));
  return match === null ? [1, '', 0] : [0, match[1] ?? '', Number(match[2])];
}

function queueOrder(a: string, b: string): number {
  const [rankA, dateA, numberA] = sortKey(a);
  const [rankB, dateB, numberB] = sortKey(b);
  return rankA - rankB || compareText(dateA, dateB) || numberA - numberB || compareText(a, b);
}

/** Oldest first: by date, then by number (`…-999` before `…-1000`). Names that are not queue files go last, by name. */
export function sortQueueFiles(names: readonly string[]): string[] {
  return [...names].sort(queueOrder);
}
