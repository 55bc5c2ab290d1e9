/**
 * What the controller keeps in memory about one TractRepo between passes: the status it last wrote
 * (what the API serves), the record index of the last pass, when pending records were first seen (the
 * lag metric), recently deleted records, and what triggered the next pass.
 */
import type { AuthorStatus, TractRepoStatus } from '../api/tract-repo.ts';
import type { JiraDuplicateView } from '../from-jira/jira-duplicates.ts';
import type { DeletedRecord, RepoIndex } from '../read-model/record-index.ts';

export type Trigger = 'poll' | 'webhook' | 'api' | 'change';

const MAX_DELETED = 1000;
const MAX_DUPLICATES = 100;

export class RepoRuntime {
  readonly key: string;
  /** Record id → ms (clock time) it was first seen pending; kept across passes by to-jira. */
  readonly firstSeen = new Map<string, number>();
  readonly deleted = new Map<string, DeletedRecord>();
  status: TractRepoStatus | undefined;
  index: RepoIndex | undefined;
  /** The branch tip seen by the last pass. */
  lastTip: string | undefined;
  /** What asked for the pass that runs next (reset when it starts). */
  trigger: Trigger = 'poll';
  /** Problems reported in the last event, to warn only when they change. */
  lastProblemCount = 0;
  /** Missing records reported by the last event (an event only when the count changes). */
  lastMissingCount = 0;
  /** Ready status, reason and message of the last pass, to record an event only when it changes. */
  lastOutcomeMessage: string | undefined;
  /** When the next Jira feed reconciliation is due (clock ms); 0: at the next pass. */
  nextJiraReconcileAtMs = 0;
  /** When Tract → Jira last wrote to Jira for this repo (clock ms): feed reads soon after read afresh. */
  lastJiraWriteAtMs = 0;
  /** When the feeds were last read (clock ms). */
  lastJiraReconcileAtMs = 0;
  /** `<url>#<branch>` of the clone once a pass checked it against the spec (re-checked when the spec moves). */
  verifiedClone: string | undefined;
  /** The tip the last Tract → Jira pass left behind, when it left nothing pending. */
  toJiraSettledTip: string | undefined;
  /** The earliest automatic retry of a failed record (clock ms), as the last Tract → Jira pass left it. */
  nextRecordRetryAtMs: number | undefined;
  /** The identity map as the last pass resolved it (status.authors). */
  authors: AuthorStatus[] | undefined;
  /** Jira worklogs that duplicated synced records, newest last (the read API's `jiraDuplicates`). */
  readonly jiraDuplicates: JiraDuplicateView[] = [];
  /** Digest of the spec and the Secrets of the last pass (kept only in memory). */
  contextDigest: string | undefined;
  /** True from a pass that saw the digest change (or a watched Secret change) until a Tract → Jira pass retried every failure. */
  contextChanged = false;
  /** The `jiraSecret` of the webhook Secret: undefined until a pass read it, null when there is none. */
  jiraSecret: string | null | undefined;

  constructor(key: string) {
    this.key = key;
  }

  noteJiraDuplicate(view: JiraDuplicateView): void {
    this.jiraDuplicates.push(view);
    if (this.jiraDuplicates.length > MAX_DUPLICATES) this.jiraDuplicates.shift();
  }

  noteDeleted(id: string, record: DeletedRecord): void {
    this.deleted.delete(id);
    this.deleted.set(id, record);
    if (this.deleted.size > MAX_DELETED) {
      const oldest = this.deleted.keys().next().value;
      if (oldest !== undefined) this.deleted.delete(oldest);
    }
  }
}

export class RepoRuntimes {
  readonly #byKey = new Map<string, RepoRuntime>();

  get(key: string): RepoRuntime {
    let runtime = this.#byKey.get(key);
    if (!runtime) {
      runtime = new RepoRuntime(key);
      this.#byKey.set(key, runtime);
    }
    return runtime;
  }

  peek(key: string): RepoRuntime | undefined {
    return this.#byKey.get(key);
  }

  delete(key: string): void {
    this.#byKey.delete(key);
  }

  values(): IterableIterator<RepoRuntime> {
    return this.#byKey.values();
  }
}
