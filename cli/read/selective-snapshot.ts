/**
 * A snapshot of only the lines a report can need, for reads over a long history (bench/cli-read;
 * docs/cli-decisions.md, "Fast reads"): the lines that mention `needle` (an issue key or an author, as a
 * JSON string), every other line of the same ids (the same-id rule may pick a version that no longer
 * mentions it), and every line whose id is not where tract writes it (kept, to be safe). The other lines
 * are blanked, not removed, so that line numbers in problems stay true; the decoder skips blank lines.
 * The report then filters the resolved records as usual, so the result equals a full read's — except that
 * malformed lines elsewhere are not warned about (`tract status` and `tract doctor` read everything).
 */
import type { WorklogText } from '../../shared/core/write-worklog-files.ts';
import type { WorklogSnapshot } from '../../shared/git/worklog-repository.ts';
import type { Workspace } from '../workspace/open-workspace.ts';

const ID_AT_START = '{"id":"';

/** The working tree's month files, read by the worklog repository, with only the lines that concern `needle`. */
export function readSnapshotMentioning(ws: Workspace, needle: string): Promise<WorklogSnapshot> {
  return ws.worklogs.readWorkingTree((texts) => linesMentioning(texts, needle));
}

function linesMentioning(texts: WorklogText[], needle: string): WorklogText[] {
  const quoted = JSON.stringify(needle);
  const ids = new Set<string>();
  for (const { text } of texts) {
    for (let at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, at + quoted.length)) {
      const id = idAtLineStart(text, text.lastIndexOf('\n', at) + 1);
      if (id !== undefined) ids.add(id);
    }
  }
  return texts.map(({ path, text }) => ({ path, text: keepLines(text, ids) }));
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
