/**
 * Plans how a batch of Jira worklog changes lands in git: added, edited and deleted worklogs and duplicates
 * (docs/from-jira.md, "Planning rules"; docs/records.md; docs/git.md; docs/controller.md). Pure: the caller reads the
 * records at the branch tip and its sync state, then writes the planned file edits, commits, pushes, and
 * saves the planned state so that the Tract → Jira pass sees no change and never echoes one back.
 */
import type { DecodedLine } from './decode-worklog-file.ts';
import { duplicateKey } from './find-duplicates.ts';
import { formatDuration } from './format-duration.ts';
import type { JiraChange, JiraDelete, JiraUpsert } from './jira-change.ts';
import type { AppliedJiraChange, AppliedOp, JiraChangePlan, JiraSkipReason, SkippedJiraChange } from './jira-change-plan.ts';
import { type Entry, JiraPlanRecords } from './jira-plan-records.ts';
import type { DurationUnits } from './parse-duration.ts';
import { parseIsoInstant } from './parse-iso-instant.ts';
import { syncFingerprint } from './plan-sync.ts';
import type { SyncedRecord } from './plan-sync.ts';
import { recordDurationSeconds } from './record-duration.ts';
import { nextVersionStamp } from './resolve-record-versions.ts';
import { validateWorklogRecord } from './validate-worklog-record.ts';
import type { JiraLink, WorklogRecord } from './worklog-record.ts';

// The change and plan types live beside the planner; importers keep using this module's names.
export type { JiraChange, JiraDelete, JiraUpsert, TractPropertyRef } from './jira-change.ts';
export type { AppliedJiraChange, AppliedOp, JiraChangePlan, JiraSkipReason, SkippedJiraChange } from './jira-change-plan.ts';

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

type Outcome = { applied: AppliedJiraChange } | { skipped: SkippedJiraChange } | { problem: SkippedJiraChange };

export function planJiraChanges(input: PlanJiraInput): JiraChangePlan {
  const model = new JiraPlanRecords(input);
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

function planUpsert(model: JiraPlanRecords, change: JiraUpsert, input: PlanJiraInput): Outcome {
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

function planUpdate(model: JiraPlanRecords, entry: Entry, change: JiraUpsert, input: PlanJiraInput): Outcome {
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
function adoptSame(model: JiraPlanRecords, entry: Entry, change: JiraUpsert, synced: SyncedRecord & { link: JiraLink }): Outcome {
  model.setState(entry.id, synced);
  if (entry.record.jira?.worklogId === change.worklogId) return skip(change, 'unchanged', `git already has Jira worklog ${change.worklogId}`);
  model.replace(entry, { ...entry.record, jira: synced.link });
  return { applied: appliedOf('link', change.worklogId, entry.record) };
}

function planCreate(model: JiraPlanRecords, change: JiraUpsert, input: PlanJiraInput): Outcome {
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
    // Same ticket, same author, same time: one is kept (docs/from-jira.md, "Duplicates"); the git line, linked.
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
function planDelete(model: JiraPlanRecords, change: JiraDelete, input: PlanJiraInput): Outcome {
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
