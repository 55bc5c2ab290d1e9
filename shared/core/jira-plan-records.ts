/**
 * The records at the branch tip as one `planJiraChanges` run changes them, with the indexes planning needs: by
 * record id, by linked Jira worklog id, and by the duplicate key (docs/records.md, "Duplicates"). It also
 * remembers which sync-state entries the plan touched.
 */
import type { DecodedLine } from './decode-worklog-file.ts';
import { duplicateKey } from './find-duplicates.ts';
import type { JiraChangePlan } from './jira-change-plan.ts';
import type { DurationUnits } from './parse-duration.ts';
import type { SyncedRecord } from './plan-sync.ts';
import type { JiraLink, WorklogRecord } from './worklog-record.ts';

/** One record in the model. */
export interface Entry {
  id: string;
  record: WorklogRecord;
  dirty: boolean;
  /** Added by this plan: not in git yet. */
  fresh: boolean;
}

/** What the model starts from (the matching fields of `PlanJiraInput`). */
export interface JiraPlanRecordsInput {
  records: readonly DecodedLine[];
  tombstones?: readonly DecodedLine[];
  known: ReadonlyMap<string, SyncedRecord>;
  units: DurationUnits;
}

type JiraStateChanges = JiraChangePlan['state'];

/** The records at the tip as this plan changes them, with the indexes planning needs. */
export class JiraPlanRecords {
  readonly known: Map<string, SyncedRecord>;
  readonly #units: DurationUnits;
  readonly #entries = new Map<string, Entry>();
  readonly #byWorklog = new Map<string, string>();
  readonly #byDuplicateKey = new Map<string, Set<string>>();
  readonly #stateTouched = new Set<string>();

  constructor(input: JiraPlanRecordsInput) {
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

  stateChanges(): JiraStateChanges {
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
