import { KNOWN_FIELDS } from './worklog-field-rules.ts';
import type { WorklogRecord } from './worklog-record.ts';

const KNOWN_KEYS: ReadonlySet<string> = new Set(KNOWN_FIELDS);

function pair(key: string, value: unknown): string {
  return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
}

/**
 * One JSONL v1 line, without the trailing newline. Keys in the order id, issue, author, time, started,
 * comment, source, jira (worklogId, issueId, syncedAt), updated, deleted, then `extra` in its own order. Undefined
 * optionals are left out; `id` is always written (a derived id is pinned by the rewrite); `idDerived` is
 * never written. An `extra` key that names a known field is ignored: the known field wins.
 */
export function encodeWorklogRecord(record: WorklogRecord): string {
  const pairs = [
    pair('id', record.id),
    pair('issue', record.issue),
    pair('author', record.author),
    pair('time', record.time),
    pair('started', record.started),
  ];
  if (record.comment !== undefined) pairs.push(pair('comment', record.comment));
  if (record.source !== undefined) pairs.push(pair('source', record.source));
  if (record.jira !== undefined) {
    const { worklogId, issueId, syncedAt } = record.jira;
    pairs.push(pair('jira', { worklogId, issueId, syncedAt }));
  }
  if (record.updated !== undefined) pairs.push(pair('updated', record.updated));
  if (record.deleted !== undefined) pairs.push(pair('deleted', record.deleted));
  for (const [key, value] of Object.entries(record.extra ?? {})) {
    if (!KNOWN_KEYS.has(key) && value !== undefined) pairs.push(pair(key, value));
  }
  return `{${pairs.join(',')}}`;
}
