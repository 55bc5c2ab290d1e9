/**
 * Plans one Tract → Jira pass (docs/controller.md): which records to create, update or delete in Jira, which to
 * skip and why, and what is wrong with the rest. Pure: the caller reads git and its own sync state and
 * applies the plan.
 */
import type { DecodedLine, WorklogProblem } from './decode-worklog-file.ts';
import type { DuplicateGroup } from './find-duplicates.ts';
import type { TractErrorReason } from './error-reasons.ts';
import type { DurationUnits } from './parse-duration.ts';
import { parseDuration } from './parse-duration.ts';
import { startedEpochMs } from './started-time.ts';
import type { TractErrorKind } from './tract-error.ts';
import type { JiraLink, WorklogRecord } from './worklog-record.ts';

/** Why a record failed: its error's reason, or the error's kind when it had none. */
export type RecordFailureReason = TractErrorReason | TractErrorKind;

/** A permanent failure, remembered until the record changes. */
export interface RecordFailure {
  /** `syncFingerprint` of the record as it failed. */
  fingerprint: string;
  reason: RecordFailureReason;
  message: string;
  since: string;
}

/** What the controller remembers of a record it synced or tried to sync. */
export interface SyncedRecord {
  /** The Jira worklog, once it exists. */
  link?: JiraLink;
  /** The issue key the Jira worklog lives on. */
  issue?: string;
  /** The tract author whose identity wrote it. */
  author?: string;
  /** `syncFingerprint` of the record as Jira has it; absent until it first reached Jira. */
  syncedFingerprint?: string;
  failure?: RecordFailure;
  /** When its Jira worklog was deleted (a tombstone synced, or a delete in Jira): nothing more to do. */
  deletedAt?: string;
}

export interface PlanInput {
  /** Resolved live record per id at the branch tip (collectRecords). */
  records: readonly DecodedLine[];
  /** Resolved tombstones at the branch tip: a linked one is deleted in Jira. */
  tombstones: readonly DecodedLine[];
  duplicates: readonly DuplicateGroup[];
  problems: readonly WorklogProblem[];
  /** The controller's memory, by record id. */
  known: ReadonlyMap<string, SyncedRecord>;
  /** Record ids in queue order, oldest first: their creates go first (docs/to-jira.md, "Planning"). */
  queueOrder: readonly string[];
  units: DurationUnits;
}

export interface PlannedCreate {
  line: DecodedLine;
  seconds: number;
}

export interface PlannedUpdate {
  line: DecodedLine;
  seconds: number;
  link: JiraLink;
  /** The issue the worklog is on now; differs from `line.record.issue` when the record moved. */
  fromIssue: string;
}

export interface PlannedRemove {
  id: string;
  link: JiraLink;
  issue: string;
  author?: string;
}

export type SkipReason = 'duplicate' | 'unchanged' | 'failed-unchanged' | 'invalid-time' | 'deleted';

/**
 * A record Jira has that git no longer shows, without a tombstone: a line removed by hand, or one that
 * became malformed. Never deleted in Jira because of that; reported until the line is back or deleted.
 */
export interface MissingRecord {
  id: string;
  link: JiraLink;
  issue: string;
  author?: string;
}

export interface PlannedSkip {
  id: string;
  reason: SkipReason;
}

export interface SyncPlan {
  create: PlannedCreate[];
  update: PlannedUpdate[];
  remove: PlannedRemove[];
  skip: PlannedSkip[];
  problems: WorklogProblem[];
  missing: MissingRecord[];
}

/** The fields Jira holds, in one comparable string. */
export function syncFingerprint(record: WorklogRecord, seconds: number): string {
  return JSON.stringify([record.issue, startedEpochMs(record.started), seconds, record.comment ?? '']);
}

export function planSync(input: PlanInput): SyncPlan {
  const plan: SyncPlan = { create: [], update: [], remove: [], skip: [], problems: [...input.problems], missing: [] };
  const losers = new Set(input.duplicates.flatMap((group) => group.duplicates.map((line) => line.record.id)));
  const present = new Set<string>();
  for (const line of input.records) {
    present.add(line.record.id);
    if (losers.has(line.record.id)) plan.skip.push({ id: line.record.id, reason: 'duplicate' });
    else planRecord(line, input, plan);
  }
  for (const line of input.tombstones) {
    present.add(line.record.id);
    planTombstone(line, input.known.get(line.record.id), plan);
  }
  plan.missing = findMissingRecords(input.known, present);
  plan.create = orderByQueue(plan.create, input.queueOrder);
  return plan;
}

/** Absence is not deletion (docs/records.md): a synced record that left git without a tombstone is reported. */
export function findMissingRecords(known: ReadonlyMap<string, SyncedRecord>, present: ReadonlySet<string>): MissingRecord[] {
  const missing: MissingRecord[] = [];
  for (const [id, synced] of known) {
    if (present.has(id) || !synced.link || synced.syncedFingerprint === undefined || synced.deletedAt !== undefined) continue;
    missing.push({ id, link: synced.link, issue: synced.issue ?? '', ...(synced.author ? { author: synced.author } : {}) });
  }
  return missing;
}

/** Only a tombstone of a record that reached Jira, and is not deleted there yet, deletes in Jira. */
function planTombstone(line: DecodedLine, known: SyncedRecord | undefined, plan: SyncPlan): void {
  const { record } = line;
  const link = known?.link ?? record.jira;
  if (known?.deletedAt !== undefined || link === undefined) {
    plan.skip.push({ id: record.id, reason: 'deleted' });
    return;
  }
  plan.remove.push({ id: record.id, link, issue: known?.issue ?? record.issue, author: known?.author ?? record.author });
}

function planRecord(line: DecodedLine, input: PlanInput, plan: SyncPlan): void {
  const { record } = line;
  const seconds = secondsOf(record, input.units);
  if (seconds === undefined) {
    plan.skip.push({ id: record.id, reason: 'invalid-time' });
    return;
  }
  const known = input.known.get(record.id);
  const decision = decide(record, syncFingerprint(record, seconds), known);
  if (decision === 'create') plan.create.push({ line, seconds });
  else if (typeof decision === 'object') plan.update.push({ line, seconds, link: decision.link, fromIssue: known?.issue ?? record.issue });
  else plan.skip.push({ id: record.id, reason: decision });
}

function decide(record: WorklogRecord, fingerprint: string, known: SyncedRecord | undefined): 'create' | { link: JiraLink } | SkipReason {
  if (known?.failure?.fingerprint === fingerprint) return 'failed-unchanged';
  const link = liveLink(record, known);
  if (!link) return 'create';
  // A linked record the controller has no memory of is taken as in sync: the link says Jira has it.
  return (known?.syncedFingerprint ?? fingerprint) === fingerprint ? 'unchanged' : { link };
}

/** The Jira worklog a live record has; none once Jira deleted it (a newer version beat the tombstone: create again). */
function liveLink(record: WorklogRecord, known: SyncedRecord | undefined): JiraLink | undefined {
  if (known?.deletedAt !== undefined) return undefined;
  return known?.link ?? record.jira;
}

function secondsOf(record: WorklogRecord, units: DurationUnits): number | undefined {
  try {
    return parseDuration(record.time, units);
  } catch {
    return undefined;
  }
}

function orderByQueue(creates: PlannedCreate[], queueOrder: readonly string[]): PlannedCreate[] {
  const rank = new Map(queueOrder.map((id, index) => [id, index]));
  const queued = creates.filter((c) => rank.has(c.line.record.id));
  queued.sort((a, b) => (rank.get(a.line.record.id) ?? 0) - (rank.get(b.line.record.id) ?? 0));
  return [...queued, ...creates.filter((c) => !rank.has(c.line.record.id))];
}
