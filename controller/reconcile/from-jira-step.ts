/**
 * The Jira → Tract step of a pass, run inside the repo's lock (the work queue): first the webhook
 * bursts waiting in the repo's box of the Jira mailbox (jira-intake/jira-mailbox.ts), each applied by
 * `applyJiraEvents` and answered with its result, then, when due, the feed reconciliation that
 * heals missed webhooks (`reconcileFromJira`, every `spec.jira.reconcileInterval`, and on an API sync
 * request at most once a minute). A repo's feed cursor starts at the TractRepo's creation: Jira history from before it
 * is not imported (docs/controller.md "Jira → git").
 */
import type { Clock } from '../../shared/core/clock.ts';
import type { TractRepo } from '../api/tract-repo.ts';
import type { ControllerMetrics } from '../telemetry/metrics.ts';
import { applyJiraEvents } from '../from-jira/apply-jira-events.ts';
import type { FeedReads } from '../from-jira/feed-reads.ts';
import type { IssueRefCache } from '../from-jira/issue-ref-cache.ts';
import { reconcileFromJira } from '../from-jira/reconcile-from-jira.ts';
import type { ReconcileFromJiraConfig, ReconcileFromJiraDeps } from '../from-jira/reconcile-from-jira.ts';
import { handleJiraDuplicates } from '../from-jira/jira-duplicates.ts';
import type { FromJiraResult } from '../from-jira/sync-jira-to-repo.ts';
import type { EventRecorder, RepoKey } from '../api/ports.ts';
import type { JiraMailbox } from '../jira-intake/jira-mailbox.ts';
import { EVENT_REASONS } from '../api/condition-reasons.ts';
import { REMOTE } from './prepare-clone.ts';
import type { FromJiraOutcome } from './summarize-pass.ts';
import type { FromJiraInput, FromJiraStep } from './tract-sync-pass.ts';

/** How long a shared feed answer serves other reads (FeedReads' default window). */
const FEED_SHARE_WINDOW_MS = 30_000;

/** An API sync request reads the Jira feeds again only when the last read is this old. */
const API_FEED_MIN_GAP_MS = 60_000;

/** Records created from Jira for authors with no zone in the identity map get this zone's offset. */
const DEFAULT_ZONE = 'UTC';

export interface JiraStepDeps {
  /** Where the intake leaves each repo's webhook bursts. */
  mailbox: JiraMailbox;
  issues: IssueRefCache;
  /** The feed reads the repos of a site share. */
  feeds: FeedReads;
  clock: Clock;
  metrics: ControllerMetrics;
  /** For the duplicate reports (jira-duplicates.ts). */
  events?: EventRecorder;
}

export class ControllerFromJiraStep implements FromJiraStep {
  readonly #deps: JiraStepDeps;

  constructor(deps: JiraStepDeps) {
    this.#deps = deps;
  }

  async run(input: FromJiraInput): Promise<FromJiraOutcome> {
    const { runtime, trigger } = input.context;
    const config = fromJiraConfig(input);
    const deps: ReconcileFromJiraDeps = {
      git: input.git, store: input.store, clock: this.#deps.clock, jira: input.service, queue: input.site, issues: this.#deps.issues, feeds: this.#deps.feeds,
    };
    let applied = 0;
    let commit: string | undefined;
    const letters = this.#deps.mailbox.take(input.key);
    for (const [index, letter] of letters.entries()) {
      try {
        const result = await applyJiraEvents(config, deps, letter.batch);
        this.#observe(input.key, result, letter.batch.map((e) => e.receivedAtMs));
        await this.#duplicates(result, input);
        letter.resolve(result);
        applied += result.applied.length;
        commit = result.commit ?? commit;
      } catch (err) {
        for (const left of letters.slice(index)) left.reject(err);
        throw err;
      }
    }
    const nowMs = this.#deps.clock.now().getTime();
    if (feedDue(runtime, trigger, nowMs)) {
      const freshWorklogs = nowMs - runtime.lastJiraWriteAtMs < FEED_SHARE_WINDOW_MS;
      const result = await reconcileFromJira(config, { ...deps, freshWorklogs });
      runtime.lastJiraReconcileAtMs = nowMs;
      runtime.nextJiraReconcileAtMs = nowMs + input.context.settings.jiraReconcileIntervalMs;
      this.#observe(input.key, result, []);
      await this.#duplicates(result, input);
      applied += result.applied.length;
      commit = result.commit ?? commit;
    }
    return { applied, ...(commit ? { commit } : {}) };
  }

  /** Discards (or only reports) Jira worklogs that duplicate synced records. */
  async #duplicates(result: FromJiraResult, input: FromJiraInput): Promise<void> {
    const { runtime } = input.context;
    const { spec } = input.repo;
    await handleJiraDuplicates(result.problems, {
      policy: spec.sync.duplicates ?? 'Discard', service: input.service, site: input.site, now: () => this.#deps.clock.now(),
      writeOptions: { adjustEstimate: spec.jira.adjustEstimate, notifyUsers: spec.jira.notifyUsers },
      isNew: (worklogId) => !runtime.jiraDuplicates.some((d) => d.worklogId === worklogId),
      report: (view) => {
        runtime.noteJiraDuplicate(view);
        const discarded = view.action === 'discarded';
        if (discarded) this.#deps.metrics.countSynced(input.key, 'from_jira', 'delete');
        this.#deps.metrics.countSyncError(input.key, 'from_jira', discarded ? 'DuplicateDiscarded' : 'DuplicateInJira');
        const what = discarded ? 'deleted in Jira' : 'left in Jira (spec.sync.duplicates: Report)';
        this.#deps.events?.record(input.key, discarded ? 'Normal' : 'Warning', discarded ? EVENT_REASONS.duplicateDiscarded : EVENT_REASONS.duplicateInJira, `${view.message} — ${what}`);
      },
    });
  }

  /** Counts applied changes; the lag runs from webhook receipt to the pushed commit. */
  #observe(key: RepoKey, result: FromJiraResult, receivedAtMs: readonly number[]): void {
    for (const change of result.applied) {
      const op = change.op === 'add' ? 'create' : change.op;
      if (op !== 'link') this.#deps.metrics.countSynced(key, 'from_jira', op);
    }
    if (result.commit === undefined) return;
    const nowMs = this.#deps.clock.now().getTime();
    for (const atMs of receivedAtMs) this.#deps.metrics.observeSyncLag(key, 'from_jira', (nowMs - atMs) / 1000);
  }
}

/**
 * The feeds are read when the reconcile interval is up, and on an API sync request (`tract log`,
 * `tract push`, a person asking) at most once a minute: every `tract log` asks for a sync, and the feeds
 * are site-wide reads.
 */
function feedDue(runtime: { nextJiraReconcileAtMs: number; lastJiraReconcileAtMs: number }, trigger: string, nowMs: number): boolean {
  if (runtime.nextJiraReconcileAtMs <= nowMs) return true;
  return trigger === 'api' && nowMs - runtime.lastJiraReconcileAtMs >= API_FEED_MIN_GAP_MS;
}

export function fromJiraConfig(input: Pick<FromJiraInput, 'repo' | 'key' | 'units'> & { authors?: FromJiraInput['authors'] }): ReconcileFromJiraConfig {
  const { spec, metadata } = input.repo;
  return {
    repo: input.key,
    remote: REMOTE,
    branch: spec.git.branch,
    worklogDir: spec.git.path,
    units: input.units,
    commitAuthor: spec.git.commitAuthor,
    site: spec.jira.url,
    projects: spec.jira.projects ?? [],
    flavor: spec.jira.flavor,
    authors: (input.authors ?? spec.authors ?? []).map(({ name, accountId, username, timezone }) => ({ name, ...(accountId ? { accountId } : {}), ...(username ? { username } : {}), ...(timezone ? { timezone } : {}) })),
    timeZone: DEFAULT_ZONE,
    ...initialCursor(metadata),
  };
}

function initialCursor(metadata: TractRepo['metadata']): { initialCursorMs?: number } {
  const created = metadata.creationTimestamp ? Date.parse(metadata.creationTimestamp) : Number.NaN;
  return Number.isFinite(created) ? { initialCursorMs: created } : {};
}
