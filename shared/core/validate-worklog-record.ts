import { deriveRecordId } from './record-id.ts';
import { checkKnownFields, describeFound, describeKind, isPlainObject, KNOWN_FIELDS } from './worklog-field-rules.ts';
import type { RecordProblem } from './worklog-field-rules.ts';
import type { WorklogRecord } from './worklog-record.ts';

export type { RecordProblem } from './worklog-field-rules.ts';

const RECORD_KEYS: ReadonlySet<string> = new Set([...KNOWN_FIELDS, 'extra', 'idDerived']);

/** Gives a checked record its id, deriving one (and marking it `idDerived`) when it has none. */
export function withRecordId(record: Omit<WorklogRecord, 'id'> & { id?: string }): WorklogRecord {
  if (record.id !== undefined) return record as WorklogRecord;
  const { issue, author, started } = record;
  return { ...record, id: deriveRecordId(issue, author, started), idDerived: true };
}

function objectProblem(value: unknown): RecordProblem {
  return {
    expected: 'a JSON object',
    found: describeKind(value),
    message: `expected a JSON object {"issue", "author", "time", "started", …}, found ${describeKind(value)}`,
  };
}

function checkRecordOnlyKeys(value: Record<string, unknown>, problems: RecordProblem[]): void {
  for (const key of Object.keys(value)) {
    if (!RECORD_KEYS.has(key)) {
      problems.push({ expected: 'only WorklogRecord fields', found: JSON.stringify(key), message: `unknown field ${JSON.stringify(key)}: put fields this version does not know under extra` });
    }
  }
  if (value.extra !== undefined && !isPlainObject(value.extra)) {
    problems.push({ expected: 'extra: an object', found: describeFound(value.extra), message: `extra must be an object, found ${describeKind(value.extra)}` });
  }
  if (value.idDerived !== undefined && typeof value.idDerived !== 'boolean') {
    problems.push({ expected: 'idDerived: a boolean', found: describeFound(value.idDerived), message: `idDerived must be a boolean, found ${describeKind(value.idDerived)}` });
  }
}

/**
 * Validates one record object shaped like `WorklogRecord` (used by the CLI before appending, and by
 * Jira→git before writing). Fields are checked by the same rules as file lines; unknown fields must be
 * under `extra`. A record without `id` gets the derived id. Collects every problem.
 */
export function validateWorklogRecord(value: unknown): { record?: WorklogRecord; problems: RecordProblem[] } {
  if (!isPlainObject(value)) return { problems: [objectProblem(value)] };
  const checked = checkKnownFields(value);
  const problems = [...checked.problems];
  checkRecordOnlyKeys(value, problems);
  if (checked.record === undefined || problems.length > 0) return { problems };
  const record = withRecordId(checked.record);
  if (value.idDerived === true) record.idDerived = true;
  if (isPlainObject(value.extra) && Object.keys(value.extra).length > 0) record.extra = { ...value.extra };
  return { record, problems };
}

/**
 * Reads one parsed JSONL line: known fields are checked, every other key goes to `extra` in its
 * original order (JavaScript lists integer-like keys such as "7" first).
 */
export function recordFromLineObject(value: unknown): { record?: WorklogRecord; problems: RecordProblem[] } {
  if (!isPlainObject(value)) return { problems: [objectProblem(value)] };
  const checked = checkKnownFields(value);
  if (checked.record === undefined) return { problems: checked.problems };
  const record = withRecordId(checked.record);
  const known: ReadonlySet<string> = new Set(KNOWN_FIELDS);
  const extraEntries = Object.entries(value).filter(([key]) => !known.has(key));
  if (extraEntries.length > 0) record.extra = Object.fromEntries(extraEntries);
  return { record, problems: [] };
}
