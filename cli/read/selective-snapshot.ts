/**
 * A snapshot of only the lines a report can need, for reads over a long history (bench/cli-read;
 * docs/cli-decisions.md, "Fast reads"): the lines that mention `needle` (an issue key or an author, as a
 * JSON string), every other line of the same ids (the same-id rule may pick a version that no longer
 * mentions it), and every line whose id is not where tract writes it (kept, to be safe). The other lines
 * are blanked, not removed, so that line numbers in problems stay true; the decoder skips blank lines.
 * The report then filters the resolved records as usual, so the result equals a full read's — except that
 * malformed lines elsewhere are not warned about (`tract status` and `tract doctor` read everything).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { collectRecords } from '../../shared/core/collect-records.ts';
import { duplicateProblems, findDuplicates } from '../../shared/core/find-duplicates.ts';
import { isWorklogFilePath } from '../../shared/core/worklog-file-path.ts';
import type { Workspace } from '../workspace/open-workspace.ts';
import { decodedWorklogFile, readRepoText, type WorklogSnapshot } from '../workspace/worklog-store.ts';

const ID_AT_START = '{"id":"';

export function readSnapshotMentioning(ws: Workspace, needle: string): WorklogSnapshot {
  const texts = worklogPaths(ws).map((path) => ({ path, text: readRepoText(ws, path) }));
  const quoted = JSON.stringify(needle);
  const ids = new Set<string>();
  for (const { text } of texts) {
    for (let at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, at + quoted.length)) {
      const id = idAtLineStart(text, text.lastIndexOf('\n', at) + 1);
      if (id !== undefined) ids.add(id);
    }
  }
  const files = texts.map(({ path, text }) => decodedWorklogFile(path, keepLines(text, ids)));
  const set = collectRecords(files.map((file) => file.decoded));
  const duplicates = findDuplicates(set.records, ws.units);
  return { files, set, duplicates, problems: [...set.problems, ...duplicateProblems(duplicates)] };
}

/** `text` with every line blanked whose id is known and not in `ids`. */
export function keepLines(text: string, ids: ReadonlySet<string>): string {
  const kept: string[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const id = idAtLineStart(text, start);
    kept.push(id === undefined || ids.has(id) ? text.slice(start, end) : '');
    start = end + 1;
  }
  return `${kept.join('\n')}${text.endsWith('\n') ? '\n' : ''}`;
}

/** The id of the line starting at `start` when the line begins `{"id":"…"` (as tract writes), else undefined. */
function idAtLineStart(text: string, start: number): string | undefined {
  if (!text.startsWith(ID_AT_START, start)) return undefined;
  const from = start + ID_AT_START.length;
  const end = text.indexOf('"', from);
  const newline = text.indexOf('\n', from);
  return end < 0 || (newline >= 0 && newline < end) ? undefined : text.slice(from, end);
}

function worklogPaths(ws: Workspace): string[] {
  let names: string[];
  try {
    names = readdirSync(join(ws.dir, ws.config.worklogDir));
  } catch {
    names = [];
  }
  return names.map((name) => `${ws.config.worklogDir}/${name}`).filter((path) => isWorklogFilePath(path, ws.config.worklogDir)).sort();
}
