/**
 * The three-way merge of one month file by record id, for Tract's git merge driver (docs/git.md, "The
 * merge driver"). Per id: both sides' versions are joined by the resolution rule; an id that one side
 * left out while the other kept it exactly as in the base was taken out on purpose (moved to another
 * month, or a stale copy resolved away) and stays out; an id one side left out and the other changed is
 * kept (absence is never a delete). Malformed lines are kept byte for byte unless one side removed a line
 * the other did not touch. The result is canonical: one line per id, in order of first appearance (ours,
 * then what only theirs has).
 */
import { decodeWorklogFile, type DecodedLine } from './decode-worklog-file.ts';
import { splitWorklogLines } from './split-worklog-lines.ts';
import { resolveRecordVersions } from './resolve-record-versions.ts';
import { canonicalWorklogText } from './write-worklog-files.ts';
import type { WorklogRecord } from './worklog-record.ts';

interface Side {
  /** Raw lines per record id, in order of first appearance. */
  ids: Map<string, DecodedLine[]>;
  /** Lines that are not records (malformed), as written, in order. */
  other: string[];
}

function readSide(text: string): Side {
  const decoded = decodeWorklogFile(text, '');
  const recordLines = new Set(decoded.lines.map((line) => line.line));
  const ids = new Map<string, DecodedLine[]>();
  for (const line of decoded.lines) ids.set(line.record.id, [...(ids.get(line.record.id) ?? []), line]);
  const other = splitWorklogLines(text).lines
    .filter((physical) => !recordLines.has(physical.line) && physical.content.trim() !== '')
    .map((physical) => physical.content);
  return { ids, other };
}

function sameLines(a: readonly DecodedLine[] | undefined, b: readonly DecodedLine[] | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const raws = (lines: readonly DecodedLine[]): string => [...new Set(lines.map((line) => line.raw))].sort().join('\n');
  return raws(a) === raws(b);
}

/** Whether `id` stays: a side that dropped it wins only over a side that left it as in the base. */
function keeps(id: string, base: Side, ours: Side, theirs: Side): boolean {
  const inOurs = ours.ids.get(id);
  const inTheirs = theirs.ids.get(id);
  if (inOurs !== undefined && inTheirs !== undefined) return true;
  const kept = inOurs ?? inTheirs;
  return !sameLines(kept, base.ids.get(id));
}

/** Ours without the malformed lines theirs removed (as in the base, gone in theirs). */
function oursWithoutRemovedOther(ours: string, base: Side, theirs: Side): string {
  const removed = new Set(base.other.filter((raw) => !theirs.other.includes(raw)));
  if (removed.size === 0) return ours;
  const { bom, lines } = splitWorklogLines(ours);
  return bom + lines.filter((physical) => !removed.has(physical.content)).map((physical) => physical.content + physical.terminator).join('');
}

/** Merges `ours` and `theirs` of one month file, given their common `base` ('' when there is none). */
export function mergeWorklogFiles(base: string, ours: string, theirs: string): string {
  const sides = { base: readSide(base), ours: readSide(ours), theirs: readSide(theirs) };
  const order = [...sides.ours.ids.keys(), ...[...sides.theirs.ids.keys()].filter((id) => !sides.ours.ids.has(id))];
  const records = new Map<string, WorklogRecord | null>();
  for (const id of order) {
    const versions = [...(sides.ours.ids.get(id) ?? []), ...(sides.theirs.ids.get(id) ?? [])].map((line) => line.record);
    records.set(id, keeps(id, sides.base, sides.ours, sides.theirs) ? resolveRecordVersions(versions) : null);
  }
  // Ours' layout (malformed lines where they stand), then the ids and malformed lines only theirs has.
  const merged = canonicalWorklogText(oursWithoutRemovedOther(ours, sides.base, sides.theirs), '', records);
  const added = sides.theirs.other.filter((raw) => !sides.ours.other.includes(raw) && !sides.base.other.includes(raw));
  return merged + added.map((raw) => `${raw}\n`).join('');
}
