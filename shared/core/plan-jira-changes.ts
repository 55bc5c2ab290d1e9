/**
 * Plans how a batch of Jira worklog changes lands in git (docs/records.md, docs/git.md, docs/controller.md; the spec's "Jira Worklog
 * Added", "Retroactive Edits", "Delete from Jira" and "Conflict Resolution"). Pure: the caller reads the
 * records at the branch tip and its sync state, then writes the planned file edits, commits, pushes, and
 * saves the planned state so that the Tract → Jira pass sees no change and never echoes one back.
 */
import type { DecodedLine } from './decode-worklog-file.ts';
import { duplicateKey } from './find-duplicates.ts';
import { formatDuration } from './format-duration.ts';
import type { DurationUnits } from './parse-duration.ts';
import { parseIsoInstant } from './parse-iso-instant.ts';
import { syncFingerprint } from './plan-sync.ts';
import type { SyncedRecord } from './plan-sync.ts';
import { recordDurationSeconds } from './record-duration.ts';
import { nextVersionStamp } from './resolve-record-versions.ts';
import { validateWorklogRecord } from './validate-worklog-record.ts';
import type { JiraLink, WorklogRecord } from './worklog-record.ts';

/** The `tract` worklog property as far as planning needs it (docs/controller.md). */
export interface TractPropertyRef {
  id: string;
  repo: string;
}

/** A worklog as Jira has it now, normalised into Tract's terms. */
export interface JiraUpsert {
  kind: 'upsert';
  worklogId: string;
  issueId: string;
  issueKey: string;
  /** Tract author, already reverse-mapped from the Jira identity (or the stable fallback). */
  author: string;
  /** Tract form with offset, e.g. `2026-02-14T09:00:00.000+01:00`. */
  started: string;
  seconds: number;
  /** Plain text without Tract's `[author] ` prefix; `''` for none. */
  comment: string;
  tract?: TractPropertyRef;
  /** Jira's `updated` (epoch ms): a newer unsynced edit in git wins over an older Jira edit. */
  updatedMs?: number;
}

export interface JiraDelete {
  kind: 'delete';
  worklogId: string;
}

export type JiraChange = JiraUpsert | JiraDelete;

export interface PlanJiraInput {
  /** Resolved live record per id at the branch tip (`collectRecords(...).records`). */
  records: readonly DecodedLine[];
  /** Resolved tombstones at the branch tip: deleted in git, never added back from Jira. */
  tombstones?: readonly DecodedLine[];
  /** The controller's memory, by record id (shared with Tract → Jira). */
  known: ReadonlyMap<string, SyncedRecord>;
  /** In the order Jira made them. */
  changes: readonly JiraChange[];
  /** `<namespace>/<name>`: a `tract` property naming this repo is Tract's own write. */
  repo: string;
  units: DurationUnits;
  worklogDir: string;
  /** ISO time written as `updated` and `jira.syncedAt`. */
  now: string;
  newId(): string;
}

/** `link`: an existing line got its Jira link (a duplicate the spec says to keep once). */
export type AppliedOp = 'add' | 'update' | 'delete' | 'link';

export interface AppliedJiraChange {
  op: AppliedOp;
  worklogId: string;
  /** The record's Tract id. */
  id: string;
  issue: string;
  author: string;
  time: string;
  /** The time before an update. */
  fromTime?: string;
}

export type JiraSkipReason =
  | 'echo' | 'unchanged' | 'git-newer' | 'deleted-in-git' | 'not-found' | 'already-deleted'
  | 'duplicate-linked' | 'invalid' | 'missing-in-git';

export interface SkippedJiraChange {
  worklogId: string;
  reason: JiraSkipReason;
  /** One line; for problems, what to do about it. */
  message: string;
}

export interface JiraChangePlan {
  /** New versions of records (tombstones for deletes), to write with `planWorklogWrites`. */
  puts: WorklogRecord[];
  applied: AppliedJiraChange[];
  /** Changes that need nothing done. */
  skipped: SkippedJiraChange[];
  /** Changes that were not applied and need a person (`duplicate-linked`, `invalid`, `missing-in-git`). */
  problems: SkippedJiraChange[];
  /** Sync state to save once the commit is pushed. */
  state: { set: Map<string, SyncedRecord>; remove: string[] };
}

interface Entry {
  id: string;
  record: WorklogRecord;
  dirty: boolean;
  /** Added by this plan: not in git yet. */
  fresh: boolean;
}

type Outcome = { applied: AppliedJiraChange } | { skipped: SkippedJiraChange } | { problem: SkippedJiraChange };

export function planJiraChanges(input: PlanJiraInput): JiraChangePlan {
  const model = new RecordModel(input);
  const plan: JiraChangePlan = { puts: [], applied: [], skipped: [], problems: [], state: { set: new Map(), remove: [] } };
  for (const change of input.changes) {
    const outcome = change.kind === 'delete' ? planDelete(model, change, input) : planUpsert(model, change, input);
    if ('applied' in outcome) plan.applied.push(outcome.applied);
    else if ('skipped' in outcome) plan.skipped.push(outcome.skipped);
    else plan.problems.push(outcome.problem);
  }
  plan.puts = model.puts();
  plan.state = model.stateChanges();
  return plan;
}

function planUpsert(model: RecordModel, change: JiraUpsert, input: PlanJiraInput): Outcome {
  const own = change.tract?.repo === input.repo ? change.tract.id : undefined;
  const id = own ?? model.idOfWorklog(change.worklogId);
  if (id === undefined) return planCreate(model, change, input);
  const entry = model.live(id);
  if (entry === undefined && model.has(id)) {
    return skip(change, 'deleted-in-git', `Jira worklog ${change.worklogId} was deleted in git; Tract → Jira deletes it, so it is not added back`);
  }
  if (entry === undefined) {
    return problem(change, 'missing-in-git',
      `Jira worklog ${change.worklogId} belongs to record ${id}, which is missing from git (a removed or malformed line): restore the line, or delete it with \`tract delete\``);
  }
  const link = model.linkOf(id);
  if (link !== undefined && link.worklogId !== change.worklogId) {
    return problem(change, 'duplicate-linked',
      `Jira worklogs ${link.worklogId} and ${change.worklogId} both belong to record ${id} on ${entry.record.issue}: delete worklog ${change.worklogId} in Jira`);
  }
  return planUpdate(model, entry, change, input);
}

function planUpdate(model: RecordModel, entry: Entry, change: JiraUpsert, input: PlanJiraInput): Outcome {
  const jiraFingerprint = fingerprintOf(change);
  const known = model.known.get(entry.id);
  if (known?.syncedFingerprint === jiraFingerprint) return skip(change, 'echo', `Jira worklog ${change.worklogId} is as Tract last synced it`);
  const link: JiraLink = { worklogId: change.worklogId, issueId: change.issueId, syncedAt: input.now };
  const gitFingerprint = recordFingerprint(entry.record, input.units);
  const synced = { link, issue: change.issueKey, author: entry.record.author, syncedFingerprint: jiraFingerprint };
  if (gitFingerprint === jiraFingerprint) return adoptSame(model, entry, change, synced);
  const editedInGit = known?.syncedFingerprint !== undefined && gitFingerprint !== known.syncedFingerprint;
  if (editedInGit && isLater(entry.record.updated, change.updatedMs)) {
    return skip(change, 'git-newer', `record ${entry.id} was edited in git after Jira worklog ${change.worklogId}; Tract → Jira sends the git version`);
  }
  const next = updatedRecord(entry.record, change, link, input);
  const invalid = invalidReason(next);
  if (invalid !== undefined) return problem(change, 'invalid', invalid);
  const fromTime = entry.record.time;
  model.replace(entry, next);
  model.setState(entry.id, synced);
  return { applied: { ...appliedOf('update', change.worklogId, next), fromTime } };
}

/** git already says what Jira says (a lost state, or an unknown create): remember it, link the line. */
function adoptSame(model: RecordModel, entry: Entry, change: JiraUpsert, synced: SyncedRecord & { link: JiraLink }): Outcome {
  model.setState(entry.id, synced);
  if (entry.record.jira?.worklogId === change.worklogId) return skip(change, 'unchanged', `git already has Jira worklog ${change.worklogId}`);
  model.replace(entry, { ...entry.record, jira: synced.link });
  return { applied: appliedOf('link', change.worklogId, entry.record) };
}

function planCreate(model: RecordModel, change: JiraUpsert, input: PlanJiraInput): Outcome {
  const link: JiraLink = { worklogId: change.worklogId, issueId: change.issueId, syncedAt: input.now };
  const record: WorklogRecord = {
    id: input.newId(),
    issue: change.issueKey,
    author: change.author,
    time: formatDuration(change.seconds),
    started: change.started,
    ...(change.comment === '' ? {} : { comment: change.comment }),
    source: 'jira',
    jira: link,
  };
  const invalid = invalidReason(record);
  if (invalid !== undefined) return problem(change, 'invalid', invalid);
  const synced = (author: string): SyncedRecord => ({ link, issue: change.issueKey, author, syncedFingerprint: fingerprintOf(change) });
  const twins = model.twins(duplicateKey(record, input.units));
  const unlinked = twins.find((twin) => model.linkOf(twin.id) === undefined);
  if (unlinked !== undefined) {
    // The spec's "same ticket, same author, same time … keeps one": the git line is kept and linked.
    model.replace(unlinked, { ...unlinked.record, jira: link });
    model.setState(unlinked.id, synced(unlinked.record.author));
    return { applied: appliedOf('link', change.worklogId, unlinked.record) };
  }
  const twin = twins[0];
  if (twin !== undefined) {
    return problem(change, 'duplicate-linked',
      `Jira worklog ${change.worklogId} duplicates Jira worklog ${model.linkOf(twin.id)?.worklogId ?? '?'} (${record.issue}, ${record.author}, ${record.time} at ${record.started}): delete one of them in Jira`);
  }
  model.append(record);
  model.setState(record.id, synced(record.author));
  return { applied: appliedOf('add', change.worklogId, record) };
}

/** A delete in Jira writes a tombstone (docs/records.md): the line stays, marked deleted. */
function planDelete(model: RecordModel, change: JiraDelete, input: PlanJiraInput): Outcome {
  const id = model.idOfWorklog(change.worklogId);
  if (id === undefined) return skip(change, 'not-found', `no record in git is linked to Jira worklog ${change.worklogId}`);
  model.setState(id, { ...model.known.get(id), deletedAt: input.now });
  const entry = model.live(id);
  if (entry === undefined) return skip(change, 'already-deleted', `record ${id} is already deleted or gone from git`);
  const stamp = nextVersionStamp(new Date(input.now), entry.record);
  if (entry.fresh) model.forget(entry);
  else model.replace(entry, { ...entry.record, updated: stamp, deleted: stamp });
  return { applied: appliedOf('delete', change.worklogId, entry.record) };
}

function updatedRecord(old: WorklogRecord, change: JiraUpsert, link: JiraLink, input: PlanJiraInput): WorklogRecord {
  // Keep what was written when Jira did not change it, so an echo never rewrites `120m` as `2h`.
  const time = recordDurationSeconds(old.time, input.units) === change.seconds ? old.time : formatDuration(change.seconds);
  const started = parseIsoInstant(old.started) === parseIsoInstant(change.started) ? old.started : change.started;
  const { comment: _oldComment, ...rest } = old;
  return {
    ...rest,
    issue: change.issueKey,
    time,
    started,
    ...(change.comment === '' ? {} : { comment: change.comment }),
    jira: link,
    updated: nextVersionStamp(new Date(input.now), old),
  };
}

function fingerprintOf(change: JiraUpsert): string {
  return syncFingerprint({ id: '', issue: change.issueKey, author: change.author, time: '', started: change.started, comment: change.comment }, change.seconds);
}

function recordFingerprint(record: WorklogRecord, units: DurationUnits): string | undefined {
  const seconds = recordDurationSeconds(record.time, units);
  return seconds === undefined ? undefined : syncFingerprint({ ...record, comment: record.comment ?? '' }, seconds);
}

function isLater(updated: string | undefined, jiraUpdatedMs: number | undefined): boolean {
  if (updated === undefined || jiraUpdatedMs === undefined) return false;
  const updatedMs = parseIsoInstant(updated);
  return updatedMs !== undefined && updatedMs > jiraUpdatedMs;
}

function invalidReason(record: WorklogRecord): string | undefined {
  const { problems } = validateWorklogRecord(record);
  if (problems.length === 0) return undefined;
  return `Jira worklog ${record.jira?.worklogId ?? '?'} cannot be written to git: ${problems.map((p) => p.message).join('; ')}`;
}

function appliedOf(op: AppliedOp, worklogId: string, record: WorklogRecord): AppliedJiraChange {
  return { op, worklogId, id: record.id, issue: record.issue, author: record.author, time: record.time };
}

function skip(change: JiraChange, reason: JiraSkipReason, message: string): Outcome {
  return { skipped: { worklogId: change.worklogId, reason, message } };
}

function problem(change: JiraChange, reason: JiraSkipReason, message: string): Outcome {
  return { problem: { worklogId: change.worklogId, reason, message } };
}

/** The records at the tip as this plan changes them, with the indexes planning needs. */
class RecordModel {
  readonly known: Map<string, SyncedRecord>;
  readonly #units: DurationUnits;
  readonly #entries = new Map<string, Entry>();
  readonly #byWorklog = new Map<string, string>();
  readonly #byDuplicateKey = new Map<string, Set<string>>();
  readonly #stateTouched = new Set<string>();

  constructor(input: PlanJiraInput) {
    this.known = new Map(input.known);
    this.#units = input.units;
    for (const [id, synced] of this.known) if (synced.link) this.#indexWorklog(synced.link.worklogId, id);
    for (const { record } of [...input.records, ...(input.tombstones ?? [])]) {
      this.#entries.set(record.id, { id: record.id, record, dirty: false, fresh: false });
      if (record.jira) this.#indexWorklog(record.jira.worklogId, record.id);
      if (record.deleted === undefined) this.#indexDuplicate(record);
    }
  }

  /** Whether git has the record at all, live or as a tombstone. */
  has(id: string): boolean {
    return this.#entries.has(id);
  }

  idOfWorklog(worklogId: string): string | undefined {
    return this.#byWorklog.get(worklogId);
  }

  live(id: string): Entry | undefined {
    const entry = this.#entries.get(id);
    return entry !== undefined && entry.record.deleted === undefined ? entry : undefined;
  }

  /** The Jira worklog a record is linked to: the controller's memory first, then the line's `jira`. */
  linkOf(id: string): JiraLink | undefined {
    return this.known.get(id)?.link ?? this.#entries.get(id)?.record.jira;
  }

  twins(key: string): Entry[] {
    return [...(this.#byDuplicateKey.get(key) ?? [])].flatMap((id) => this.live(id) ?? []);
  }

  replace(entry: Entry, record: WorklogRecord): void {
    this.#byDuplicateKey.get(duplicateKey(entry.record, this.#units))?.delete(entry.id);
    entry.record = record;
    entry.dirty = true;
    if (record.jira) this.#indexWorklog(record.jira.worklogId, entry.id, true);
    if (record.deleted === undefined) this.#indexDuplicate(record);
  }

  append(record: WorklogRecord): void {
    this.#entries.set(record.id, { id: record.id, record, dirty: true, fresh: true });
    if (record.jira) this.#indexWorklog(record.jira.worklogId, record.id, true);
    this.#indexDuplicate(record);
  }

  /** Drops a record this plan added (created and deleted in one batch): git never sees it. */
  forget(entry: Entry): void {
    this.#entries.delete(entry.id);
    this.#byDuplicateKey.get(duplicateKey(entry.record, this.#units))?.delete(entry.id);
  }

  setState(id: string, synced: SyncedRecord): void {
    this.known.set(id, synced);
    this.#stateTouched.add(id);
  }

  stateChanges(): JiraChangePlan['state'] {
    const set = new Map<string, SyncedRecord>();
    const remove: string[] = [];
    for (const id of this.#stateTouched) {
      const synced = this.known.get(id);
      if (synced === undefined) remove.push(id);
      else set.set(id, synced);
    }
    return { set, remove };
  }

  /** The records this plan changed or added. */
  puts(): WorklogRecord[] {
    return [...this.#entries.values()].filter((entry) => entry.dirty).map((entry) => entry.record);
  }

  #indexWorklog(worklogId: string, id: string, replace = false): void {
    if (replace || !this.#byWorklog.has(worklogId)) this.#byWorklog.set(worklogId, id);
  }

  #indexDuplicate(record: WorklogRecord): void {
    const key = duplicateKey(record, this.#units);
    const ids = this.#byDuplicateKey.get(key) ?? new Set<string>();
    ids.add(record.id);
    this.#byDuplicateKey.set(key, ids);
  }
}
