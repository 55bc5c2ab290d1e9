import { decodeWorklogFile } from './decode-worklog-file.ts';
import { encodeWorklogRecord } from './encode-worklog-record.ts';
import { splitWorklogLines } from './split-worklog-lines.ts';
import type { PhysicalLine } from './split-worklog-lines.ts';
import { ValidationError } from './tract-error.ts';
import { recordFromLineObject } from './validate-worklog-record.ts';
import type { WorklogRecord } from './worklog-record.ts';

export interface WorklogFileEdit {
  /** Line number → new record (encoded with encodeWorklogRecord, keeping that line's line end). */
  replace?: ReadonlyMap<number, WorklogRecord>;
  /** Line numbers to drop. */
  remove?: ReadonlySet<number>;
  /** Added at the end, each with "\n". */
  append?: readonly WorklogRecord[];
}

/** Encodes a record, refusing one that would read back as a malformed line. */
function encodeChecked(record: WorklogRecord): string {
  const line = encodeWorklogRecord(record);
  const { problems } = recordFromLineObject(JSON.parse(line) as unknown);
  if (problems.length > 0) {
    const details = problems.map((problem) => problem.message).join('; ');
    throw new ValidationError(`Refusing to write an invalid worklog record for ${record.issue}: ${details}`);
  }
  return line;
}

function targetProblem(line: number, lineCount: number, recordLines: ReadonlySet<number>, edit: WorklogFileEdit): string | undefined {
  if (!Number.isInteger(line) || line < 1 || line > lineCount) return `Cannot edit line ${line}: the file has ${lineCount} lines`;
  if (!recordLines.has(line)) return `Cannot edit line ${line}: it is malformed or blank and is left as written; fix it by hand`;
  if (edit.replace?.has(line) === true && edit.remove?.has(line) === true) return `Cannot both replace and remove line ${line}`;
  return undefined;
}

function checkTargets(text: string, lineCount: number, edit: WorklogFileEdit): void {
  const targets = [...(edit.replace?.keys() ?? []), ...(edit.remove ?? [])];
  // Appending alone touches no line: no need to decode the file (`tract log`'s path).
  if (targets.length === 0) return;
  const recordLines = new Set(decodeWorklogFile(text, '').lines.map((line) => line.line));
  for (const line of targets) {
    const problem = targetProblem(line, lineCount, recordLines, edit);
    if (problem !== undefined) throw new ValidationError(problem);
  }
}

function rewrittenLine(physical: PhysicalLine, edit: WorklogFileEdit, encoded: ReadonlyMap<number, string>): string {
  if (edit.remove?.has(physical.line) === true) return '';
  const replacement = encoded.get(physical.line);
  // Untouched lines keep their bytes; only a missing final newline is added.
  return `${replacement ?? physical.content}${physical.terminator === '' ? '\n' : physical.terminator}`;
}

/**
 * Applies edits to a worklog file's text. Every untouched line stays byte-for-byte (malformed ones
 * included), as does a BOM. Refuses (ValidationError) to replace or remove a line that is malformed,
 * blank or out of range, and to write a record that would not decode. The result ends with "\n" when
 * it has any line.
 */
export function rewriteWorklogFile(text: string, edit: WorklogFileEdit): string {
  const { bom, lines } = splitWorklogLines(text);
  checkTargets(text, lines.length, edit);
  const encoded = new Map<number, string>();
  for (const [line, record] of edit.replace ?? []) encoded.set(line, encodeChecked(record));
  const appended = (edit.append ?? []).map((record) => `${encodeChecked(record)}\n`);
  const body = lines.map((physical) => rewrittenLine(physical, edit, encoded)).join('') + appended.join('');
  return body === '' ? '' : bom + body;
}
