import { splitWorklogLines } from './split-worklog-lines.ts';
import type { PhysicalLine } from './split-worklog-lines.ts';
import type { RecordProblem } from './worklog-field-rules.ts';
import { recordFromLineObject } from './validate-worklog-record.ts';
import type { WorklogRecord } from './worklog-record.ts';

export { validateWorklogRecord } from './validate-worklog-record.ts';

/**
 * Something wrong with one line of a worklog file. `message` is one line and does not repeat the file
 * and line number: show them as `worklogs/2026-02.jsonl:3: <message>`.
 */
export interface WorklogProblem {
  file: string;
  /** 1-based line number. */
  line: number;
  expected: string;
  found: string;
  message: string;
}

/** A line that holds a valid record. */
export interface DecodedLine {
  file: string;
  /** 1-based line number. */
  line: number;
  /** The line as written, without its line terminator (and without a BOM on line 1). */
  raw: string;
  record: WorklogRecord;
}

export interface DecodedWorklogFile {
  file: string;
  lines: DecodedLine[];
  problems: WorklogProblem[];
}

const FOUND_MAX_CHARS = 60;

function excerpt(text: string): string {
  return text.length > FOUND_MAX_CHARS ? `${text.slice(0, FOUND_MAX_CHARS - 1)}…` : text;
}

function parseJson(content: string): { value?: unknown; problem?: RecordProblem } {
  try {
    return { value: JSON.parse(content) as unknown };
  } catch (err) {
    const reason = excerpt(err instanceof Error ? (err.message.split('\n')[0] ?? '') : 'unreadable');
    return { problem: { expected: 'a JSON object on one line', found: excerpt(content), message: `not valid JSON (${reason}): fix or remove the line` } };
  }
}

function decodeLine(physical: PhysicalLine): { record?: WorklogRecord; problems: RecordProblem[] } {
  const parsed = parseJson(physical.content);
  if (parsed.problem !== undefined) return { problems: [parsed.problem] };
  return recordFromLineObject(parsed.value);
}

/**
 * Decodes a JSONL v1 worklog file (docs/records.md). Never throws on content: every bad field of every bad
 * line becomes a problem and the good lines are still decoded. Blank lines are skipped; CRLF line
 * ends, a UTF-8 BOM and a missing final newline are accepted.
 */
export function decodeWorklogFile(text: string, file: string): DecodedWorklogFile {
  const lines: DecodedLine[] = [];
  const problems: WorklogProblem[] = [];
  for (const physical of splitWorklogLines(text).lines) {
    if (physical.content.trim() === '') continue;
    const decoded = decodeLine(physical);
    if (decoded.record !== undefined) {
      lines.push({ file, line: physical.line, raw: physical.content, record: decoded.record });
    }
    for (const problem of decoded.problems) problems.push({ file, line: physical.line, ...problem });
  }
  return { file, lines, problems };
}
