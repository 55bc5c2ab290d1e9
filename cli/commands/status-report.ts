import type { WorklogProblem } from '../../shared/core/decode-worklog-file.ts';
import type { JiraDuplicate, MissingRecord, RecordError } from '../sync-server/sync-api-types.ts';
import type { TimerState } from '../timer/timer-state.ts';

/** What `tract status` found: printed as text (render-status.ts) or as JSON (`--json`). */
export interface StatusReport {
  counts: { synced: number; pending: number; queued: number; failed: number | null };
  queue: { file: string; worklogId: string; issue: string | null; queuedAt: string; reason: string; state: string | null; error: string | null }[];
  failed: RecordError[];
  /** Records Jira has that git lost without a tombstone (from the server): never deleted in Jira. */
  missing: MissingRecord[];
  /** Jira worklogs the controller found duplicating synced records (discarded in Jira, or only reported). */
  jiraDuplicates: JiraDuplicate[];
  malformed: number;
  /** Extra lines of an id that stands more than once (a union merge's stale copies). */
  staleCopies: number;
  duplicates: number;
  problems: WorklogProblem[];
  server: { url: string | null; state: 'reachable' | 'unreachable' | 'disabled'; version: string | null; repo: string | null; detail: string | null };
  unpushedCommits: number | null;
  /** The running timer (`tract start`), or null. */
  timer: TimerState | null;
}
