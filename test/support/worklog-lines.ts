import { decodeWorklogFile } from '../../shared/core/decode-worklog-file.ts';
import type { DecodedWorklogFile } from '../../shared/core/decode-worklog-file.ts';

/** A worklog file built from record objects (or raw strings for malformed lines), decoded. */
export function decodedFile(file: string, lines: readonly (Record<string, unknown> | string)[]): DecodedWorklogFile {
  const text = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  return decodeWorklogFile(`${text}\n`, file);
}

/** A valid record with sensible defaults, overridable field by field. */
export function recordFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { issue: 'APP-1', author: 'john', time: '2h', started: '2026-02-14T09:00:00.000+01:00', ...overrides };
}
