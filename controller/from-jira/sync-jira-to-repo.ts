/**
 * Applies a batch of Jira changes to one repository (docs/git.md, docs/controller.md): fetch → read the tip → plan (pure,
 * `planJiraChanges`) → edit the worklog files → one commit by the repo's commit author → push; the read, the
 * writes, the commit and the push go through the worklog repository (shared/git/worklog-repository.ts). A rejected
 * push is never forced: the same changes are planned again on the new tip and committed again (so a
 * developer's concurrent lines are kept). The sync state is saved only after the push, with the records'
 * fingerprints as Jira has them, so the Tract → Jira pass sees no change and never echoes one back.
 *
 * The caller runs this inside the repo's per-key lock: the state is shared with Tract → Jira.
 */
import type { Clock } from '../../shared/core/clock.ts';
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import { planJiraChanges } from '../../shared/core/plan-jira-changes.ts';
import type { AppliedJiraChange, JiraChange, JiraChangePlan, SkippedJiraChange } from '../../shared/core/plan-jira-changes.ts';
import { newRecordId } from '../../shared/core/record-id.ts';
import { CONTROLLER_PUSH_ATTEMPTS } from '../../shared/git/push-with-retry.ts';
import type { GitIdentity, GitRepository } from '../../shared/git/git-repository.ts';
import type { RepoState, RepoStateStore } from '../state/repo-state-store.ts';
import { WorklogRepository, type CommitSnapshot } from '../../shared/git/worklog-repository.ts';

export interface FromJiraConfig {
  /** `<namespace>/<name>`: a `tract` property naming it marks Tract's own write. */
  repo: string;
  remote: string;
  branch: string;
  worklogDir: string;
  units: DurationUnits;
  commitAuthor: GitIdentity;
}

export interface FromJiraDeps {
  git: GitRepository;
  store: RepoStateStore;
  clock: Clock;
  /** Ids for new records; default UUIDv7 from the clock. */
  newId?(): string;
}

export interface FromJiraOptions {
  /** Saved as `state.jiraCursor` together with the records, once the changes are pushed. */
  jiraCursor?: number;
}

export interface FromJiraResult {
  /** The tip the changes were planned on, last. */
  tip: string;
  /** The pushed commit, when the changes touched git. */
  commit?: string;
  applied: AppliedJiraChange[];
  skipped: SkippedJiraChange[];
  /** Changes not applied that need a person (duplicates in Jira, worklogs that cannot be records). */
  problems: SkippedJiraChange[];
}

export async function syncJiraToRepo(config: FromJiraConfig, deps: FromJiraDeps, changes: readonly JiraChange[], options: FromJiraOptions = {}): Promise<FromJiraResult> {
  const state = await deps.store.load();
  const worklogs = new WorklogRepository(deps.git, { worklogDir: config.worklogDir, units: config.units });
  const first = await deps.git.fetch(config.remote, config.branch);
  let planned = await planAt(worklogs, first, config, deps, state, changes);
  let commit: string | undefined;
  if (planned.plan.puts.length > 0) {
    await deps.git.resetHard(first);
    commit = await editAndCommit(worklogs, planned.snapshot, planned.plan, config);
  }
  if (commit !== undefined) {
    const pushed = await worklogs.push(config.remote, config.branch, {
      strategy: 'reapply',
      reapply: async (tip) => {
        planned = await planAt(worklogs, tip, config, deps, state, changes);
        commit = planned.plan.puts.length > 0 ? await editAndCommit(worklogs, planned.snapshot, planned.plan, config) : undefined;
        return commit !== undefined;
      },
    }, CONTROLLER_PUSH_ATTEMPTS);
    if (commit !== undefined) commit = pushed.commit;
  }
  remember(state, planned.plan, options);
  await deps.store.save(state);
  const { applied, skipped, problems } = planned.plan;
  return { tip: planned.tip, ...(commit === undefined ? {} : { commit }), applied, skipped, problems };
}

async function planAt(
  worklogs: WorklogRepository, tip: string, config: FromJiraConfig, deps: FromJiraDeps, state: RepoState, changes: readonly JiraChange[],
): Promise<{ tip: string; snapshot: CommitSnapshot; plan: JiraChangePlan }> {
  const snapshot = await worklogs.readCommit(tip);
  const plan = planJiraChanges({
    records: snapshot.records.records,
    tombstones: snapshot.records.tombstones,
    known: new Map(Object.entries(state.records)),
    changes,
    repo: config.repo,
    units: config.units,
    worklogDir: config.worklogDir,
    now: deps.clock.now().toISOString(),
    newId: deps.newId ?? (() => newRecordId(deps.clock)),
  });
  return { tip, snapshot, plan };
}

/**
 * A month file the last record left stays, empty: deleting it would turn a teammate's unpulled edit of that
 * file into a modify/delete conflict that no merge rule resolves (docs/git.md); planWorklogWrites never
 * deletes one.
 */
function editAndCommit(worklogs: WorklogRepository, snapshot: CommitSnapshot, plan: JiraChangePlan, config: FromJiraConfig): Promise<string | undefined> {
  return worklogs.commit({ base: snapshot.files, puts: plan.puts, description: { kind: 'from-jira', changes: plan.applied } }, { author: config.commitAuthor });
}

function remember(state: RepoState, plan: JiraChangePlan, options: FromJiraOptions): void {
  for (const [id, synced] of plan.state.set) state.records[id] = synced;
  for (const id of plan.state.remove) delete state.records[id];
  if (options.jiraCursor !== undefined) state.jiraCursor = options.jiraCursor;
}
