/**
 * Reading what a replica holds: the month files at a git ref (a clone's HEAD, the remote's main), resolved
 * by the resolution rule as every reader resolves them, and the checks the convergence and regression
 * tests share.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectRecords } from '../../../shared/core/collect-records.ts';
import { decodeWorklogFile } from '../../../shared/core/decode-worklog-file.ts';
import type { RecordSet } from '../../../shared/core/collect-records.ts';
import { parseIsoInstant } from '../../../shared/core/parse-iso-instant.ts';
import { recordDurationSeconds } from '../../../shared/core/record-duration.ts';
import type { WorklogRecord } from '../../../shared/core/worklog-record.ts';
import { git } from '../../support/git-fixtures.ts';

export const WORKLOG_DIR = 'worklogs';

export interface MonthFile {
  path: string;
  text: string;
}

/** The month files at `ref` of the repository (bare or not) in `dir`. */
export async function monthFilesAt(dir: string, ref: string): Promise<MonthFile[]> {
  const paths = (await git(dir, ['ls-tree', '-r', '--name-only', ref, '--', WORKLOG_DIR])).split('\n').filter((p) => p.endsWith('.jsonl'));
  return Promise.all(paths.map(async (path) => ({ path, text: await git(dir, ['show', `${ref}:${path}`]) })));
}

/** The month files of a clone's working tree (after a command it equals HEAD: Tract leaves nothing uncommitted). */
export function monthFilesIn(clone: string): MonthFile[] {
  const names = readdirSync(join(clone, WORKLOG_DIR)).filter((name) => name.endsWith('.jsonl')).sort();
  return names.map((name) => ({ path: `${WORKLOG_DIR}/${name}`, text: readFileSync(join(clone, WORKLOG_DIR, name), 'utf8') }));
}

export function recordSetOf(files: readonly MonthFile[]): RecordSet {
  return collectRecords(files.map((file) => decodeWorklogFile(file.text, file.path)));
}

export async function recordSetAt(dir: string, ref: string): Promise<RecordSet> {
  return recordSetOf(await monthFilesAt(dir, ref));
}

/** What the tests compare: issue, author, duration and start instant (Jira has no `time` text). */
export function summary(record: Pick<WorklogRecord, 'issue' | 'author' | 'time' | 'started'>): string {
  const seconds = recordDurationSeconds(record.time);
  return `${record.issue} ${record.author} ${seconds ?? record.time}s at ${new Date(parseIsoInstant(record.started) ?? Number.NaN).toISOString()}`;
}

/** Record id → summary of the live records of a set. */
export function liveSummaries(set: RecordSet): Record<string, string> {
  return Object.fromEntries(set.records.map((l) => [l.record.id, summary(l.record)]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
}

/** Ids that stand on more than one line of one file, as `file: id ×n`. */
export function repeatedIds(files: readonly MonthFile[]): string[] {
  const repeated: string[] = [];
  for (const file of files) {
    const counts = new Map<string, number>();
    for (const line of decodeWorklogFile(file.text, file.path).lines) counts.set(line.record.id, (counts.get(line.record.id) ?? 0) + 1);
    for (const [id, n] of counts) if (n > 1) repeated.push(`${file.path}: ${id} ×${n}`);
  }
  return repeated;
}

/**
 * The month files a range of commits changed, read at its end (`to`, or a clone's working tree when `to`
 * is undefined): each must hold one line per id.
 */
export async function expectOneLinePerIdInChanged(dir: string, from: string, to: string | undefined, what: string): Promise<void> {
  if (from === to) return;
  const changed = (await git(dir, ['diff', '--name-only', from, to ?? 'HEAD', '--', WORKLOG_DIR])).split('\n').filter((p) => p.endsWith('.jsonl'));
  const files = (to === undefined ? monthFilesIn(dir) : await monthFilesAt(dir, to)).filter((file) => changed.includes(file.path));
  const repeated = repeatedIds(files);
  expect(repeated, `ids on more than one line in files ${what} wrote: ${repeated.join(', ')}`).to.deep.equal([]);
}

export async function revParse(dir: string, ref: string): Promise<string> {
  return (await git(dir, ['rev-parse', ref])).trim();
}
