/**
 * Plans one Tract → Jira pass (DESIGN §7): which records to create, update or delete in Jira, which to
 * skip and why, and what is wrong with the rest. Pure: the caller reads git and its own sync state and
 * applies the plan.
 */
import type { DecodedLine, WorklogProblem } from './decode-worklog-file.ts';
import type { DuplicateGroup } from './find-duplicates.ts';
import type { DurationUnits } from './parse-duration.ts';
import { parseDuration } from './parse-duration.ts';
import { startedEpochMs } from './started-time.ts';
import type { JiraLink, WorklogRecord } from './worklog-record.ts';

/** A permanent failure, remembered until the record changes. */
export interface RecordFailure {
  /** `syncFingerprint` of the record as it failed. */
  fingerprint: string;
  reason: string;
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
}

export interface PlanInput {
  /** Winning line per id at the branch tip (collectRecords). */
  records: readonly DecodedLine[];
  duplicates: readonly DuplicateGroup[];
  problems: readonly WorklogProblem[];
  /** The controller's memory, by record id. */
  known: ReadonlyMap<string, SyncedRecord>;
  /** Record ids in queue order, oldest first: their creates go first (spec: FIFO). */
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

export type SkipReason = 'duplicate' | 'unchanged' | 'failed-unchanged' | 'invalid-time';

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
}

/** The fields Jira holds, in one comparable string. */
export function syncFingerprint(record: WorklogRecord, seconds: number): string {
  return JSON.stringify([record.issue, startedEpochMs(record.started), seconds, record.comment ?? '']);
}

export function planSync(input: PlanInput): SyncPlan {
  const plan: SyncPlan = { create: [], update: [], remove: [], skip: [], problems: [...input.problems] };
  const losers = new Set(input.duplicates.flatMap((group) => group.duplicates.map((line) => line.record.id)));
  const present = new Set<string>();
  for (const line of input.records) {
    present.add(line.record.id);
    if (losers.has(line.record.id)) plan.skip.push({ id: line.record.id, reason: 'duplicate' });
    else planRecord(line, input, plan);
  }
  for (const [id, known] of input.known) {
    if (!present.has(id) && known.link && known.syncedFingerprint !== undefined) {
      plan.remove.push({ id, link: known.link, issue: known.issue ?? '', ...(known.author ? { author: known.author } : {}) });
    }
  }
  plan.create = orderByQueue(plan.create, input.queueOrder);
  return plan;
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
  const link = known?.link ?? record.jira;
  if (!link) return 'create';
  // A linked record the controller has no memory of is taken as in sync: the link says Jira has it.
  return (known?.syncedFingerprint ?? fingerprint) === fingerprint ? 'unchanged' : { link };
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
