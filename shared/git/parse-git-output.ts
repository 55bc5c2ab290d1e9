import { InternalError } from '../core/tract-error.ts';
import type { FileChange, LogEntry } from './git-types.ts';

const FIELD = '\x1f';
const RECORD = '\x1e';

/** `git log --format` that `parseLog` reads: fields and records split by ASCII separators. */
export const LOG_FORMAT = `--format=%H${FIELD}%an${FIELD}%ae${FIELD}%s${FIELD}%b${RECORD}`;

/** Splits `-z` output into its entries. */
export function parseNulList(stdout: string): string[] {
  return stdout.split('\0').filter((entry) => entry !== '');
}

/** `diff-tree --name-status -z --no-renames`: status and path alternate. Type changes count as edits. */
export function parseNameStatus(stdout: string): FileChange[] {
  const parts = parseNulList(stdout);
  const changes: FileChange[] = [];
  for (let index = 0; index + 1 < parts.length; index += 2) {
    const code = parts[index] ?? '';
    const path = parts[index + 1] ?? '';
    changes.push({ status: code === 'A' || code === 'D' ? code : 'M', path });
  }
  return changes;
}

export function parseLog(stdout: string): LogEntry[] {
  return stdout
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record !== '')
    .map((record) => {
      const [sha, authorName, authorEmail, subject, body] = record.split(FIELD);
      if (sha === undefined || body === undefined) throw new InternalError('git log: unexpected output format');
      return { sha, subject: subject ?? '', body: body.replace(/\n+$/, ''), authorName: authorName ?? '', authorEmail: authorEmail ?? '' };
    });
}
