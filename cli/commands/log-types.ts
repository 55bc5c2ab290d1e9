import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import type { SyncFlags } from '../command-context.ts';

/** What `tract log` takes (and `tract stop` and `suggest --apply` pass on). */
export interface LogOptions extends SyncFlags {
  issue: string;
  time: string;
  comment: string | undefined;
  started: string | undefined;
  /** Log an entry over 24h or with a future start (cli/commands/log-guards.ts). */
  force?: boolean;
}

/** A worklog ready to be written: everything validated, nothing touched yet. */
export interface LogDraft {
  record: WorklogRecord;
  file: string;
  seconds: number;
}
