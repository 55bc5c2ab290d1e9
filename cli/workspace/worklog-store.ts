import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

export async function readWorklogFile(ws: Workspace, path: string): Promise<WorklogFile> {
  const text = await readText(join(ws.dir, path));
  return { path, text, decoded: decodeWorklogFile(text, path) };
}

export async function writeRepoFile(ws: Workspace, path: string, text: string): Promise<void> {
  const absolute = join(ws.dir, path);
  await mkdir(dirname(absolute), { recursive: true });
  await writeFile(absolute, text);
}

export async function removeRepoFile(ws: Workspace, path: string): Promise<void> {
  await rm(join(ws.dir, path), { force: true });
}

export async function readSnapshot(ws: Workspace): Promise<WorklogSnapshot> {
  const names = await readdir(join(ws.dir, ws.config.worklogDir)).catch(() => [] as string[]);
  const paths = names.map((name) => `${ws.config.worklogDir}/${name}`).filter((path) => isWorklogFilePath(path, ws.config.worklogDir));
  const files = await Promise.all(paths.sort().map((path) => readWorklogFile(ws, path)));
  const set = collectRecords(files.map((file) => file.decoded));
  const duplicates = findDuplicates(set.records, ws.units);
  return { files, set, duplicates, problems: [...set.problems, ...duplicateProblems(duplicates)] };
}

/** Names of the queue files, oldest first. */
export async function listQueueNames(ws: Workspace): Promise<string[]> {
  const names = await readdir(join(ws.dir, QUEUE_DIR)).catch(() => [] as string[]);
  return sortQueueFiles(names.filter((name) => name.endsWith('.json')));
}

export async function readQueue(ws: Workspace): Promise<QueueFile[]> {
  const names = await listQueueNames(ws);
  return Promise.all(
    names.map(async (name) => {
      const path = `${QUEUE_DIR}/${name}`;
      try {
        return { path, entry: decodeQueueEntry(await readText(join(ws.dir, path)), path) };
      } catch (err) {
        if (err instanceof TractError) return { path, problem: err.message };
        throw err;
      }
    }),
  );
}

export function formatProblem(problem: WorklogProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
