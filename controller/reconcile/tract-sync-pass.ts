/**
 * The steps of one pass over one TractRepo, in order, as `run` lists them: resolve secrets → prepare
 * the clone and fetch → connect to Jira (site queue, identity map) → Tract → Jira (unless JiraToGit) →
 * Jira → Tract (unless GitToJira) → dry-run plan (when asked) → index the records for the API → summarize.
 * Each step tags its failures (`inStep`) so `toPassOutcome` can name the right condition.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Clock } from '../../shared/core/clock.ts';
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import { planSync } from '../../shared/core/plan-sync.ts';
import { AuthError } from '../../shared/core/tract-error.ts';
import type { GitOptions, GitRepository } from '../../shared/git/git-repository.ts';
import type { JiraSiteQueue } from '../../shared/jira/jira-site-queue.ts';
import type { JiraWorklogs } from '../../shared/jira/jira-worklogs.ts';
import { EVENT_REASONS } from '../api/condition-reasons.ts';
import { hoursPerDayOf } from '../api/hours-per-day-of.ts';
import type { AuthorIdentity, TractRepo } from '../api/tract-repo.ts';
import { resolveRepoSecrets } from '../secrets/resolve-repo-secrets.ts';
import type { RepoSecrets } from '../secrets/resolve-repo-secrets.ts';
import type { SecretMask } from '../secrets/secret-mask.ts';
import { RepoStateStore } from '../state/repo-state-store.ts';
import type { ControllerMetrics } from '../telemetry/metrics.ts';
import { resolveAuthors } from '../jira/identity-map.ts';
import type { IdentityCache } from '../jira/identity-map.ts';
import type { JiraConnections } from '../jira/jira-connections.ts';
import type { EventRecorder, RepoKey, SecretReader } from '../api/ports.ts';
import type { RepoRuntime } from './repo-runtime.ts';
import { repoKey, splitKey } from '../api/ports.ts';
import { REMOTE, prepareClone, repoStateDir } from './prepare-clone.ts';
import type { PassContext, PassSummary, SyncPass } from './reconcile-tract-repo.ts';
import { indexRepo, summarizePass } from './summarize-pass.ts';
import type { FromJiraOutcome } from './summarize-pass.ts';
import { StepFailure, inStep } from './pass-outcome.ts';
import { WorklogRepository } from '../../shared/git/worklog-repository.ts';
import type { RetrySchedule } from '../to-jira/record-retries.ts';
import { syncRepoToJira } from '../to-jira/sync-repo-to-jira.ts';
import type { ToJiraResult } from '../to-jira/sync-repo-to-jira.ts';

/** Everything a Jira → Tract step gets, inside the repo's lock. */
export interface FromJiraInput {
  repo: TractRepo;
  key: RepoKey;
  git: GitRepository;
  store: RepoStateStore;
  repoDir: string;
  service: JiraWorklogs;
  site: JiraSiteQueue;
  secrets: RepoSecrets;
  units: DurationUnits;
  context: PassContext;
  /** `spec.authors` with the accounts resolved from e-mails (identity-map.ts). */
  authors: AuthorIdentity[];
  /** Authors whose e-mail no Jira account has. */
  unknownToJira: ReadonlySet<string>;
}

/** The Jira → Tract direction (controller/from-jira), plugged in by main. */
export interface FromJiraStep {
  run(input: FromJiraInput): Promise<FromJiraOutcome>;
}

export interface SyncPassDeps {
  stateDir: string;
  /** Base environment of git commands. */
  gitEnv: Readonly<Record<string, string | undefined>>;
  /** The argv of the worklog merge driver registered in every clone. */
  mergeDriver?: readonly string[];
  secrets: SecretReader;
  mask: SecretMask;
  jira: JiraConnections;
  metrics: ControllerMetrics;
  events: EventRecorder;
  clock: Clock;
  fromJira?: FromJiraStep;
  /** Backoff of failed records (config `recordRetry`). */
  retry?: RetrySchedule;
  /** Identity-map lookups by e-mail, shared by every repo (cached per site). */
  identities?: IdentityCache;
}

export class TractSyncPass implements SyncPass {
  readonly #deps: SyncPassDeps;

  constructor(deps: SyncPassDeps) {
    this.#deps = deps;
  }

  /** The steps, in order; each tags its failures (`inStep`) with the step's name. */
  async run(repo: TractRepo, context: PassContext): Promise<PassSummary> {
    const key = repoKey(repo);
    const secrets = await inStep('secrets', () => resolveRepoSecrets(repo, this.#deps.secrets, this.#deps.mask));
    const { git, tip } = await this.#fetch(repo, secrets, context);
    const input = await this.#connect(repo, { key, git, tip, secrets }, context);
    const toJira = await this.#maybeToJira(input);
    const fromJira = await this.#maybeFromJira(input);
    const dryRun = repo.spec.sync.dryRun ? await inStep('fetch', () => this.#dryRun(git, tip, input.store, repo, input.units)) : undefined;
    const indexed = await inStep('fetch', () => indexRepo({ key, repo, git, store: input.store, units: input.units, toJira, fromJira, runtime: context.runtime, now: this.#deps.clock.now() }));
    this.#report(key, indexed.index, context);
    const authors = context.runtime.authors;
    const summary = summarizePass({ repo, tip, toJira, fromJira, dryRun, indexed, now: this.#deps.clock.now(), ...(authors ? { authors } : {}) });
    if (!summary.jiraError) this.#deps.metrics.markSyncSuccess(key, this.#deps.clock.now());
    return summary;
  }

  async #maybeToJira(input: FromJiraInput & { tip: string }): Promise<ToJiraResult | undefined> {
    const { direction, dryRun } = input.repo.spec.sync;
    const { runtime } = input.context;
    if (direction === 'JiraToGit' || dryRun || settled(input.context, input.tip, this.#deps.clock.now().getTime())) return undefined;
    const toJira = await inStep('writeback', () => this.#toJira(input));
    const clean = toJira.pending === 0 && !toJira.authError && !toJira.transientError;
    runtime.toJiraSettledTip = clean ? (toJira.writeBackCommit ?? toJira.commit) : undefined;
    runtime.nextRecordRetryAtMs = toJira.nextRetryAtMs;
    if (toJira.created + toJira.updated + toJira.deleted > 0) runtime.lastJiraWriteAtMs = this.#deps.clock.now().getTime();
    runtime.contextChanged = false;
    if (toJira.writeBackCommit) this.#deps.events.record(input.key, 'Normal', EVENT_REASONS.writebackCommitted, `linked worklogs to Jira in ${toJira.writeBackCommit.slice(0, 7)}`);
    return toJira;
  }

  async #maybeFromJira(input: FromJiraInput): Promise<FromJiraOutcome | undefined> {
    const step = input.repo.spec.sync.direction === 'GitToJira' ? undefined : this.#deps.fromJira;
    if (!step) return undefined;
    try {
      return await inStep('from-jira', () => step.run(input));
    } catch (err) {
      // Refused credentials end this direction only: the pass still indexes and reports what Tract → Jira did.
      if (err instanceof StepFailure && err.error instanceof AuthError) return { applied: 0, jiraError: err.error };
      throw err;
    }
  }

  /** The clone (made once, made again when the URL or branch changes) and the fetched tip of the branch. */
  async #fetch(repo: TractRepo, secrets: RepoSecrets, context: PassContext): Promise<{ git: GitRepository; tip: string }> {
    const key = repoKey(repo);
    const { spec } = repo;
    const { timeoutMs } = context.settings;
    const cloneId = `${spec.git.url}#${spec.git.branch}`;
    const verified = context.runtime.verifiedClone === cloneId;
    const git = await inStep('fetch', () => prepareClone(repo, secrets.git, { repoDir: this.#repoDir(key), env: this.#deps.gitEnv, timeoutMs, verified, onCommand: this.#onGitCommand, ...(this.#deps.mergeDriver ? { mergeDriver: this.#deps.mergeDriver } : {}) }));
    context.runtime.verifiedClone = cloneId;
    const tip = await inStep('fetch', () => git.fetch(REMOTE, spec.git.branch));
    if (context.runtime.lastTip !== undefined && context.runtime.lastTip !== tip) {
      this.#deps.events.record(key, 'Normal', EVENT_REASONS.newRevision, `new commit ${spec.git.branch}@${tip.slice(0, 7)}`);
    }
    context.runtime.lastTip = tip;
    return { git, tip };
  }

  /** The Jira connections of this repo and its identity map resolved against Jira. */
  async #connect(repo: TractRepo, fetched: { key: RepoKey; git: GitRepository; tip: string; secrets: RepoSecrets }, context: PassContext): Promise<FromJiraInput & { tip: string }> {
    const { spec } = repo;
    const { secrets } = fetched;
    context.runtime.jiraSecret = secrets.webhook.jiraSecret ?? null;
    noteContext(context.runtime, spec, secrets);
    const service = this.#deps.jira.worklogs(spec.jira.url, secrets.jira, spec.jira.flavor);
    const site = this.#deps.jira.siteQueue(spec.jira.url, { batchSize: spec.sync.batchSize, batchIntervalMs: context.settings.batchIntervalMs });
    const identities = await this.#resolveAuthors(repo, service, context);
    const repoDir = this.#repoDir(fetched.key);
    return { ...fetched, repo, store: new RepoStateStore(repoDir), repoDir, service, site, units: unitsOf(repo), context, ...identities };
  }

  async #resolveAuthors(repo: TractRepo, service: JiraWorklogs, context: PassContext): Promise<Pick<FromJiraInput, 'authors' | 'unknownToJira'>> {
    const authors = repo.spec.authors ?? [];
    if (!this.#deps.identities) return { authors, unknownToJira: new Set() };
    const resolved = await resolveAuthors(authors, repo.spec.jira.flavor, service, this.#deps.identities);
    context.runtime.authors = resolved.status;
    return { authors: resolved.authors, unknownToJira: resolved.unknownToJira };
  }

  /**
   * Forgets a deleted TractRepo entirely: clone, credentials and sync state. A TractRepo created again
   * under the same name starts fresh (its first pass adopts what Jira has by the `tract` property);
   * stale memory could otherwise make it delete in Jira what the new repository never had.
   */
  async cleanup(key: RepoKey): Promise<void> {
    await rm(this.#repoDir(key), { recursive: true, force: true });
  }

  async #toJira(parts: FromJiraInput): Promise<ToJiraResult> {
    const { repo } = parts;
    const { spec } = repo;
    const { runtime } = parts.context;
    const authors = new Map(parts.authors.map((a) => [a.name, a]));
    return syncRepoToJira(
      {
        repo: repoKey(repo), remote: REMOTE, branch: spec.git.branch, worklogDir: spec.git.path, units: parts.units,
        writeOptions: { adjustEstimate: spec.jira.adjustEstimate, notifyUsers: spec.jira.notifyUsers }, commitAuthor: spec.git.commitAuthor,
        ...(this.#deps.retry ? { retry: this.#deps.retry } : {}), contextChanged: runtime.contextChanged, projects: spec.jira.projects ?? [],
      },
      {
        git: parts.git, store: parts.store, site: parts.site, service: parts.service, clock: this.#deps.clock, firstSeen: runtime.firstSeen,
        identity: (author) => {
          if (!authors.has(author)) return undefined;
          if (parts.unknownToJira.has(author)) return { problem: `Author ${author} has no Jira account with the e-mail ${authors.get(author)?.email ?? ''}: fix spec.authors or the account` };
          const personal = parts.secrets.authors.get(author);
          return personal ? { jira: this.#deps.jira.worklogs(spec.jira.url, personal, spec.jira.flavor), onBehalf: false } : { jira: parts.service, onBehalf: true };
        },
        onApplyResult: (outcome, lagMs) => {
          const key = repoKey(repo);
          if (outcome.kind === 'failed') return this.#deps.metrics.countSyncError(key, 'to_jira', outcome.error.reason ?? outcome.error.kind);
          this.#deps.metrics.countSynced(key, 'to_jira', outcome.op);
          if (lagMs !== undefined) this.#deps.metrics.observeSyncLag(key, 'to_jira', lagMs / 1000);
          if (outcome.kind === 'deleted') runtime.noteDeleted(outcome.id, { issue: runtime.index?.records.get(outcome.id)?.issue ?? '', at: this.#deps.clock.now().toISOString() });
        },
      },
    );
  }

  async #dryRun(git: GitRepository, tip: string, store: RepoStateStore, repo: TractRepo, units: DurationUnits): Promise<string> {
    const snapshot = await new WorklogRepository(git, { worklogDir: repo.spec.git.path, units }).readCommit(tip);
    const state = await store.load();
    const plan = planSync({
      records: snapshot.records.records, tombstones: snapshot.records.tombstones, duplicates: snapshot.duplicates, problems: snapshot.problems,
      known: new Map(Object.entries(state.records)), queueOrder: snapshot.queue.map((q) => q.entry.worklogId), units,
    });
    return `dry run: would create ${plan.create.length}, update ${plan.update.length}, delete ${plan.remove.length} in Jira`;
  }

  /** Warning events when the count of problem lines or missing records changes. */
  #report(key: RepoKey, index: { problems: readonly { file: string; line: number; message: string }[]; missing: readonly { message: string }[] }, context: PassContext): void {
    this.#deps.metrics.setMissing(key, index.missing.length);
    const { runtime } = context;
    const [problem] = index.problems;
    if (index.problems.length !== runtime.lastProblemCount && problem) {
      this.#deps.events.record(key, 'Warning', EVENT_REASONS.invalidWorklogFormat, `${index.problems.length} problem line(s) skipped, first ${problem.file}:${problem.line}: ${problem.message}`);
    }
    runtime.lastProblemCount = index.problems.length;
    const [missing] = index.missing;
    if (index.missing.length !== runtime.lastMissingCount && missing) {
      this.#deps.events.record(key, 'Warning', EVENT_REASONS.worklogMissing, `${index.missing.length} synced record(s) missing from git, not deleted in Jira; first: ${missing.message}`);
    }
    runtime.lastMissingCount = index.missing.length;
  }

  readonly #onGitCommand: NonNullable<GitOptions['onCommand']> = (event) => this.#deps.metrics.observeGitOperation(event.command, event.durationMs / 1000);

  #repoDir(key: RepoKey): string {
    const { namespace, name } = splitKey(key);
    return repoStateDir(this.#deps.stateDir, namespace, name);
  }
}

/**
 * A poll that finds the tip Tract → Jira last left with nothing pending has nothing to do in that
 * direction, unless a failed record's retry is due or the spec or a Secret changed: the pass skips it.
 * Any other trigger runs it.
 */
function settled(context: PassContext, tip: string, nowMs: number): boolean {
  const { runtime } = context;
  const retryDue = runtime.nextRecordRetryAtMs !== undefined && runtime.nextRecordRetryAtMs <= nowMs;
  return context.trigger === 'poll' && runtime.toJiraSettledTip === tip && !retryDue && !runtime.contextChanged;
}

/**
 * Notes whether the spec or a Secret changed since the last pass (every failed record is then retried
 * at once). Only a digest is kept, in memory; after a restart the first pass counts as a change.
 */
function noteContext(runtime: RepoRuntime, spec: TractRepo['spec'], secrets: RepoSecrets): void {
  const material = JSON.stringify([spec, secrets.git, secrets.jira, [...secrets.authors]]);
  const digest = createHash('sha256').update(material).digest('hex');
  if (runtime.contextDigest !== digest) runtime.contextChanged = true;
  runtime.contextDigest = digest;
}

export function unitsOf(repo: TractRepo): DurationUnits {
  return { hoursPerDay: hoursPerDayOf(repo.spec.jira), daysPerWeek: repo.spec.jira.daysPerWeek };
}
