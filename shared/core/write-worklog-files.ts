/**
 * Every write of a month file, by the CLI or the controller, goes through here (docs/records.md,
 * "Canonical files"): the file gets one line per record id at the place that id first appears, new
 * records at the end, malformed and blank lines byte for byte, and untouched single lines as written.
 * A record's new version is joined with the versions already in the files (the resolution rule), so a
 * write can never undo a newer version or a tombstone it did not see.
 */
import { collectRecords, resolveLines } from './collect-records.ts';
import { decodeWorklogFile, type DecodedLine } from './decode-worklog-file.ts';
import { encodeWorklogRecord } from './encode-worklog-record.ts';
import { resolveRecordVersions } from './resolve-record-versions.ts';
import { splitWorklogLines } from './split-worklog-lines.ts';
import { ValidationError } from './tract-error.ts';
import { recordFromLineObject } from './validate-worklog-record.ts';
import { worklogFilePath } from './worklog-file-path.ts';
import type { WorklogRecord } from './worklog-record.ts';

export interface WorklogText {
  /** Repository-relative, e.g. `worklogs/2026-02.jsonl`. */
  path: string;
  /** '' for a file that does not exist yet. */
  text: string;
}

/** Per record id: its resolved record for this file, or null when it lives in another file now. */
export type FileRecords = ReadonlyMap<string, WorklogRecord | null>;

/** Encodes a record, refusing one that would read back as a malformed line. */
function encodeChecked(record: WorklogRecord): string {
  const line = encodeWorklogRecord(record);
  const { problems } = recordFromLineObject(JSON.parse(line) as unknown);
  if (problems.length > 0) {
    const details = problems.map((problem) => problem.message).join('; ');
    throw new ValidationError(`Refusing to write an invalid worklog record for ${record.issue}: ${details}`, { reason: 'InvalidRecord' });
  }
  return line;
}

/**
 * One file in canonical form: ids in `records` get their given record (or leave the file, for null);
 * every other id that stands more than once is resolved into one line. Ends with "\n" when not empty.
 */
export function canonicalWorklogText(text: string, file: string, records: FileRecords = new Map()): string {
  const decoded = new Map(decodeWorklogFile(text, file).lines.map((line) => [line.line, line]));
  const groups = groupById(decoded.values());
  const { bom, lines } = splitWorklogLines(text);
  const written = new Set<string>();
  let body = '';
  for (const physical of lines) {
    const content = lineContent(decoded.get(physical.line), physical.content, groups, records, written);
    if (content !== undefined) body += content + (physical.terminator === '' ? '\n' : physical.terminator);
  }
  for (const [id, record] of records) {
    if (record !== null && !written.has(id)) body += `${encodeChecked(record)}\n`;
  }
  return body === '' ? '' : bom + body;
}

/** A malformed or blank line stands as written; a record id is written once, where it first appears. */
function lineContent(line: DecodedLine | undefined, raw: string, groups: Map<string, DecodedLine[]>, records: FileRecords, written: Set<string>): string | undefined {
  if (line === undefined) return raw;
  const id = line.record.id;
  if (written.has(id)) return undefined;
  written.add(id);
  return contentOf(groups.get(id) ?? [line], records.get(id));
}

function groupById(lines: Iterable<DecodedLine>): Map<string, DecodedLine[]> {
  const groups = new Map<string, DecodedLine[]>();
  for (const line of lines) groups.set(line.record.id, [...(groups.get(line.record.id) ?? []), line]);
  return groups;
}

/** The line of one id: the given record (its line as written when that says the same), or the resolved lines. */
function contentOf(group: readonly DecodedLine[], given: WorklogRecord | null | undefined): string | undefined {
  if (given === null) return undefined;
  const only = group.length === 1 ? group[0] : undefined;
  if (given === undefined) return only?.raw ?? encodeChecked(resolveLines(group).winner.record);
  // A line that already says exactly this stays as written (a hand-written line keeps its form).
  if (only !== undefined && encodeWorklogRecord(only.record) === encodeWorklogRecord(given)) return only.raw;
  return encodeChecked(given);
}

/**
 * The texts of the files that change when `puts` are written: each put is joined with every version of
 * its id in `files`, lands in the file of its resolved `started` month, and leaves every other file.
 * `files` must hold every file that may contain a put's id (all month files, or the one month file of a
 * brand-new record).
 */
export function planWorklogWrites(files: readonly WorklogText[], puts: readonly WorklogRecord[], worklogDir: string): Map<string, string> {
  const texts = new Map(files.map((file) => [file.path, file.text]));
  const existing = collectVersions(files);
  const perFile = new Map<string, Map<string, WorklogRecord | null>>();
  const place = (path: string, id: string, record: WorklogRecord | null): void => {
    const map = perFile.get(path) ?? new Map<string, WorklogRecord | null>();
    if (record !== null || !map.has(id)) map.set(id, record);
    perFile.set(path, map);
  };
  for (const put of puts) {
    const versions = existing.get(put.id) ?? [];
    const resolved = resolveRecordVersions([...versions.map((line) => line.record), put]);
    const target = worklogFilePath(resolved.started, worklogDir);
    place(target, put.id, resolved);
    for (const line of versions) if (line.file !== target) place(line.file, put.id, null);
  }
  const changed = new Map<string, string>();
  for (const [path, records] of perFile) {
    const before = texts.get(path) ?? '';
    const after = canonicalWorklogText(before, path, records);
    if (after !== before) changed.set(path, after);
  }
  return changed;
}

function collectVersions(files: readonly WorklogText[]): Map<string, DecodedLine[]> {
  const set = collectRecords(files.map((file) => decodeWorklogFile(file.text, file.path)));
  return groupById([...set.records, ...set.tombstones, ...set.superseded]);
}
