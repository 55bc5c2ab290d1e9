import type { DecodedLine } from '../../shared/core/decode-worklog-file.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import { idMatches } from '../output/short-ids.ts';
import type { WorklogSnapshot } from '../../shared/git/worklog-repository.ts';

const MIN_PREFIX = 4;

/**
 * The record an id, id prefix or short id (4+ characters; cli/output/short-ids.ts) names: a full id wins; otherwise the prefix must be
 * unique. A line without `id` is addressed by its derived `h-…` id. A malformed line whose `id` matches
 * is refused: tract never rewrites malformed lines.
 */
export function findRecord(snapshot: WorklogSnapshot, idOrPrefix: string): DecodedLine {
  const wanted = idOrPrefix.trim().toLowerCase();
  if (wanted.length < MIN_PREFIX) {
    throw new ValidationError(`Worklog id "${idOrPrefix}" is too short: give at least ${MIN_PREFIX} characters`, { reason: 'InvalidId' });
  }
  const exact = snapshot.records.records.find((line) => line.record.id.toLowerCase() === wanted);
  if (exact !== undefined) return exact;
  const candidates = snapshot.records.records.filter((line) => idMatches(line.record.id, wanted));
  const malformed = malformedMatch(snapshot, wanted);
  if (candidates.length === 0 && malformed !== undefined) {
    throw new ValidationError(`Worklog ${idOrPrefix} is on a malformed line (${malformed}): fix that line by hand`, { reason: 'MalformedTarget' });
  }
  const [only, ...others] = candidates;
  const deleted = snapshot.records.tombstones.find((line) => line.record.id.toLowerCase().startsWith(wanted));
  if (only === undefined && deleted !== undefined) {
    throw new ValidationError(`Worklog ${deleted.record.id} on ${deleted.record.issue} was deleted at ${deleted.record.deleted ?? '?'} (see \`tract worklogs ${deleted.record.issue} --all\`)`, {
      reason: 'AlreadyDeleted',
    });
  }
  if (only === undefined) {
    throw new ValidationError(`No worklog with id "${idOrPrefix}": see \`tract worklogs ISSUE\` for ids`, { reason: 'UnknownId' });
  }
  if (others.length > 0) {
    const list = candidates.map((line) => `${line.record.id} (${line.record.issue} ${line.record.time} ${line.record.started.slice(0, 16)})`);
    throw new ValidationError(`Ambiguous id "${idOrPrefix}" matches ${candidates.length} worklogs: ${list.join(', ')}; give more characters`, {
      reason: 'AmbiguousId',
    });
  }
  return only;
}

function malformedMatch(snapshot: WorklogSnapshot, wanted: string): string | undefined {
  for (const file of snapshot.files) {
    const lines = file.text.split('\n');
    for (const problem of file.decoded.problems) {
      const id = idOf(lines[problem.line - 1] ?? '');
      if (id !== undefined && id.toLowerCase().startsWith(wanted)) return `${problem.file}:${problem.line}: ${problem.message}`;
    }
  }
  return undefined;
}

function idOf(raw: string): string | undefined {
  try {
    const value = JSON.parse(raw) as { id?: unknown };
    return typeof value.id === 'string' ? value.id : undefined;
  } catch {
    return /"id"\s*:\s*"([^"]+)"/.exec(raw)?.[1];
  }
}
