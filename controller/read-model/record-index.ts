/**
 * What the controller's API tells about each record of one repo (docs/controller-api.md): built after a
 * pass from the records at the branch tip and the sync state both directions share. Pure.
 *
 * - `synced`: Jira has the record as it is at the tip (its fingerprint matches), and it is linked;
 *   a duplicate (docs/records.md, "Duplicates") counts as synced once the line it duplicates is (one is kept).
 * - `failed`: a permanent failure was recorded for exactly this version of the record.
 * - `pending`: everything else the tip holds (new, edited, waiting after a transient failure).
 * - `deleted`: gone from the tip and from Jira (kept for a while so a waiting CLI learns it).
 */
import type { DecodedLine } from '../../shared/core/decode-worklog-file.ts';
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import type { MissingRecord as MissingView } from '../../shared/core/controller-api.ts';
import { findMissingRecords, syncFingerprint } from '../../shared/core/plan-sync.ts';
import type { RecordFailureReason, SyncedRecord } from '../../shared/core/plan-sync.ts';
import { recordDurationSeconds } from '../../shared/core/record-duration.ts';
import { INVALID_WORKLOG_FORMAT } from '../api/condition-reasons.ts';
import type { RepoState } from '../state/repo-state-store.ts';
import type { RetryMark } from '../state/repo-state-store.ts';
import type { CommitSnapshot } from '../../shared/git/worklog-repository.ts';

export type RecordSyncState = 'pending' | 'synced' | 'failed' | 'deleted';

/** Why the API says a record failed: its remembered failure, or a time that cannot be read. */
export type RecordErrorReason = RecordFailureReason | typeof INVALID_WORKLOG_FORMAT;

export interface RecordView {
  id: string;
  repo: string;
  issue: string;
  file: string;
  state: RecordSyncState;
  jira: { worklogId: string; issueId: string } | null;
  error: { reason: RecordErrorReason; message: string } | null;
  updatedAt: string;
}

export interface QueueView {
  file: string;
  worklogId: string;
  queuedAt: string;
  reason: string;
  state: RecordSyncState;
  error?: { reason: RecordErrorReason; message: string };
}

export interface RecordErrorView {
  worklogId: string;
  issue: string;
  author: string;
  file: string;
  reason: RecordErrorReason;
  message: string;
  since: string;
  /** Who must act: `repo` (credentials, the site), `author` (permission, identity), `record` (this worklog). */
  scope: 'repo' | 'author' | 'record';
  /** Failures of this version in a row. */
  attempts: number;
  /** When the controller tries again by itself (docs/to-jira.md "Retries"). */
  nextRetryAt: string;
}

export interface ProblemView {
  file: string;
  line: number;
  expected: string;
  found: string;
  message: string;
}

export interface RepoIndex {
  commit: string;
  records: Map<string, RecordView>;
  queue: QueueView[];
  errors: RecordErrorView[];
  problems: ProblemView[];
  /** Records Jira has that git lost without a tombstone: reported, never deleted in Jira. */
  missing: MissingView[];
  pending: number;
  failed: number;
}

export interface DeletedRecord {
  issue: string;
  at: string;
}

export interface IndexInput {
  repo: string;
  snapshot: CommitSnapshot;
  state: RepoState;
  units: DurationUnits;
  now: Date;
  deleted: ReadonlyMap<string, DeletedRecord>;
}

export function buildRepoIndex(input: IndexInput): RepoIndex {
  const records = new Map<string, RecordView>();
  const keptOf = new Map<string, DecodedLine>();
  for (const group of input.snapshot.duplicates) for (const line of group.duplicates) keptOf.set(line.record.id, group.kept);
  for (const line of input.snapshot.records.records) records.set(line.record.id, viewOf(line, input));
  for (const line of input.snapshot.records.tombstones) records.set(line.record.id, tombstoneView(line, input));
  for (const [id, kept] of keptOf) {
    const keptView = records.get(kept.record.id);
    const own = records.get(id);
    if (own && keptView) records.set(id, { ...own, state: keptView.state, jira: keptView.jira, error: keptView.error });
  }
  for (const [id, gone] of input.deleted) {
    if (!records.has(id)) records.set(id, { id, repo: input.repo, issue: gone.issue, file: '', state: 'deleted', jira: null, error: null, updatedAt: gone.at });
  }
  const views = [...records.values()];
  return {
    commit: input.snapshot.commit,
    records,
    queue: input.snapshot.queue.map((q) => queueView(q.path, q.entry, records.get(q.entry.worklogId))),
    errors: views.filter((v) => v.state === 'failed' && v.error && v.file).map((v) => errorView(v, input)),
    problems: input.snapshot.problems.map(({ file, line, expected, found, message }) => ({ file, line, expected, found, message })),
    missing: missingViews(input, records),
    pending: views.filter((v) => v.state === 'pending').length,
    failed: views.filter((v) => v.state === 'failed').length,
  };
}

function viewOf(line: DecodedLine, input: IndexInput): RecordView {
  const { record } = line;
  const base = { id: record.id, repo: input.repo, issue: record.issue, file: line.file, jira: null, error: null, updatedAt: input.now.toISOString() };
  const seconds = recordDurationSeconds(record.time, input.units);
  if (seconds === undefined) {
    return { ...base, state: 'failed', error: { reason: INVALID_WORKLOG_FORMAT, message: `Invalid time "${record.time}" in ${line.file}:${line.line}` } };
  }
  const fingerprint = syncFingerprint(record, seconds);
  const known: SyncedRecord = input.state.records[record.id] ?? {};
  if (known.failure?.fingerprint === fingerprint) {
    return { ...base, state: 'failed', error: { reason: known.failure.reason, message: known.failure.message }, updatedAt: known.failure.since };
  }
  const link = known.link ?? record.jira;
  const jiraHas = known.syncedFingerprint ?? (record.jira ? fingerprint : undefined);
  if (link === undefined || jiraHas !== fingerprint) return { ...base, state: 'pending' };
  return { ...base, state: 'synced', jira: { worklogId: link.worklogId, issueId: link.issueId }, updatedAt: link.syncedAt };
}

/** A tombstone is `deleted` once Jira's worklog is gone (or never existed), `pending` until then. */
function tombstoneView(line: DecodedLine, input: IndexInput): RecordView {
  const { record } = line;
  const known: SyncedRecord = input.state.records[record.id] ?? {};
  const link = known.link ?? record.jira;
  const gone = known.deletedAt !== undefined || link === undefined;
  return {
    id: record.id, repo: input.repo, issue: record.issue, file: line.file, jira: null, error: null,
    state: gone ? 'deleted' : 'pending', updatedAt: known.deletedAt ?? record.deleted ?? input.now.toISOString(),
  };
}

function missingViews(input: IndexInput, records: ReadonlyMap<string, RecordView>): MissingView[] {
  const known = new Map(Object.entries(input.state.records));
  return findMissingRecords(known, new Set(records.keys())).map((missing) => {
    const malformedLine = malformedLineOf(input.snapshot, missing.id);
    const what = `record ${missing.id} (${missing.issue}, Jira worklog ${missing.link.worklogId}) is missing from git`;
    const fix = malformedLine === null
      ? 'its line was removed without `tract delete`: restore it (`git log -S <id>` finds the commit), then keep it or `tract delete` it; deleting the worklog in Jira also clears this'
      : `its line ${malformedLine} is malformed: fix the line`;
    return { worklogId: missing.id, issue: missing.issue, jiraWorklogId: missing.link.worklogId, malformedLine, message: `${what}: ${fix}; nothing is deleted in Jira meanwhile` };
  });
}

/** `file:line` of a malformed line that names the record's id. */
function malformedLineOf(snapshot: CommitSnapshot, id: string): string | null {
  for (const problem of snapshot.problems) {
    const text = snapshot.files.find((file) => file.path === problem.file)?.text;
    const raw = text?.split('\n')[problem.line - 1];
    if (raw?.includes(id) === true) return `${problem.file}:${problem.line}`;
  }
  return null;
}

function queueView(file: string, entry: { worklogId: string; queuedAt: string; reason: string }, record: RecordView | undefined): QueueView {
  return {
    file,
    worklogId: entry.worklogId,
    queuedAt: entry.queuedAt,
    reason: entry.reason,
    state: record?.state ?? 'pending',
    ...(record?.error ? { error: record.error } : {}),
  };
}

function errorView(view: RecordView, input: IndexInput): RecordErrorView {
  const since = input.state.records[view.id]?.failure?.since ?? view.updatedAt;
  const author = input.snapshot.records.records.find((line) => line.record.id === view.id)?.record.author ?? '';
  const error: NonNullable<RecordView['error']> = view.error ?? { reason: 'SyncFailed', message: 'sync failed' };
  return { worklogId: view.id, issue: view.issue, author, file: view.file, reason: error.reason, message: error.message, since, ...retryOf(input.state.retries?.[view.id], since) };
}

function retryOf(mark: RetryMark | undefined, since: string): Pick<RecordErrorView, 'scope' | 'attempts' | 'nextRetryAt'> {
  return mark ? { scope: mark.scope, attempts: mark.attempt, nextRetryAt: mark.nextRetryAt } : { scope: 'record', attempts: 1, nextRetryAt: since };
}
