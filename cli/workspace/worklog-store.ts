// Synchronous file access throughout the CLI: a command is one sequential job in a short-lived process,
// and every fs/promises call is a thread-pool round trip on `tract log`'s path (docs/cli-decisions.md).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { collectRecords, type RecordSet } from '../../shared/core/collect-records.ts';
import { decodeWorklogFile, type DecodedWorklogFile, type WorklogProblem } from '../../shared/core/decode-worklog-file.ts';
import { duplicateProblems, findDuplicates, type DuplicateGroup } from '../../shared/core/find-duplicates.ts';
import { decodeQueueEntry, QUEUE_DIR, sortQueueFiles, type QueueEntry } from '../../shared/core/queue-entry.ts';
import { TractError } from '../../shared/core/tract-error.ts';
import { isWorklogFilePath } from '../../shared/core/worklog-file-path.ts';
import type { Workspace } from './open-workspace.ts';

/** One worklog file of the working tree, as text and decoded. */
export interface WorklogFile {
  /** Repository-relative, e.g. `worklogs/2026-02.jsonl`. */
  path: string;
  text: string;
  decoded: DecodedWorklogFile;
}

export interface QueueFile {
  /** Repository-relative path. */
  path: string;
  entry?: QueueEntry;
  problem?: string;
}

/** All records of the working tree with the same-id rule applied, duplicates and problems. */
export interface WorklogSnapshot {
  files: WorklogFile[];
  set: RecordSet;
  duplicates: DuplicateGroup[];
  /** Malformed lines, then duplicate lines. */
  problems: WorklogProblem[];
}

export function readWorklogFile(ws: Workspace, path: string): WorklogFile {
  return decodedWorklogFile(path, readRepoText(ws, path));
}

export function decodedWorklogFile(path: string, text: string): WorklogFile {
  return { path, text, decoded: decodeWorklogFile(text, path) };
}

/** A repository file's text; '' when it does not exist yet. */
export function readRepoText(ws: Workspace, path: string): string {
  return readText(join(ws.dir, path));
}

export function writeRepoFile(ws: Workspace, path: string, text: string): void {
  const absolute = join(ws.dir, path);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, text);
}

export function removeRepoFile(ws: Workspace, path: string): void {
  rmSync(join(ws.dir, path), { force: true });
}

export function readSnapshot(ws: Workspace): WorklogSnapshot {
  const names = listDir(join(ws.dir, ws.config.worklogDir));
  const paths = names.map((name) => `${ws.config.worklogDir}/${name}`).filter((path) => isWorklogFilePath(path, ws.config.worklogDir));
  const files = paths.sort().map((path) => readWorklogFile(ws, path));
  const set = collectRecords(files.map((file) => file.decoded));
  const duplicates = findDuplicates(set.records, ws.units);
  return { files, set, duplicates, problems: [...set.problems, ...duplicateProblems(duplicates)] };
}

/** Names of the queue files, oldest first. */
export function listQueueNames(ws: Workspace): string[] {
  const names = listDir(join(ws.dir, QUEUE_DIR));
  return sortQueueFiles(names.filter((name) => name.endsWith('.json')));
}

export function readQueue(ws: Workspace): QueueFile[] {
  return listQueueNames(ws).map((name) => {
    const path = `${QUEUE_DIR}/${name}`;
    try {
      return { path, entry: decodeQueueEntry(readText(join(ws.dir, path)), path) };
    } catch (err) {
      if (err instanceof TractError) return { path, problem: err.message };
      throw err;
    }
  });
}

export function formatProblem(problem: WorklogProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
