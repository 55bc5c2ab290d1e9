/**
 * The end of a pass: index the records at the new branch tip for the API (only when something may have
 * changed: a new tip, planned work, applied Jira changes) and sum the pass up for the status.
 */
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import type { TractError } from '../../shared/core/tract-error.ts';
import type { GitRepository } from '../../shared/git/git-repository.ts';
import type { AuthorStatus, TractRepo } from '../api/tract-repo.ts';
import type { RepoState, RepoStateStore } from '../state/repo-state-store.ts';
import type { RepoKey } from '../api/ports.ts';
import { REMOTE } from './prepare-clone.ts';
import type { PassSummary } from './reconcile-tract-repo.ts';
import { buildRepoIndex } from '../read-model/record-index.ts';
import type { RepoIndex } from '../read-model/record-index.ts';
import type { RepoRuntime } from './repo-runtime.ts';
import { WorklogRepository } from '../../shared/git/worklog-repository.ts';
import type { ToJiraResult } from '../to-jira/sync-repo-to-jira.ts';

/** What the Jira → Tract step reports. */
export interface FromJiraOutcome {
  /** The last commit it pushed, if any. */
  commit?: string;
  /** Jira changes written to git. */
  applied: number;
  /** Jira refused the credentials or failed transiently; the pass finished otherwise. */
  jiraError?: TractError;
}

export interface IndexInput {
  key: RepoKey;
  repo: TractRepo;
  git: GitRepository;
  store: RepoStateStore;
  units: DurationUnits;
  toJira: ToJiraResult | undefined;
  fromJira: FromJiraOutcome | undefined;
  runtime: RepoRuntime;
  now: Date;
}

export interface Indexed {
  index: RepoIndex;
  state: RepoState;
}

export async function indexRepo(input: IndexInput): Promise<Indexed> {
  const state = await input.store.load();
  const tip = (await input.git.remoteTip(REMOTE, input.repo.spec.git.branch)) ?? input.runtime.lastTip ?? '';
  const plan = input.toJira?.plan;
  const worked = (plan ? plan.create + plan.update + plan.remove : 0) + (input.fromJira?.applied ?? 0) > 0;
  if (input.runtime.index && input.runtime.index.commit === tip && !worked) return { index: input.runtime.index, state };
  const snapshot = await new WorklogRepository(input.git, { worklogDir: input.repo.spec.git.path, units: input.units }).readCommit(tip);
  const index = buildRepoIndex({ repo: input.key, snapshot, state, units: input.units, now: input.now, deleted: input.runtime.deleted });
  input.runtime.index = index;
  return { index, state };
}

export interface SummaryInput {
  repo: TractRepo;
  tip: string;
  toJira: ToJiraResult | undefined;
  fromJira: FromJiraOutcome | undefined;
  dryRun: string | undefined;
  indexed: Indexed;
  now: Date;
  /** The identity map as resolved in this pass. */
  authors?: AuthorStatus[];
}

export function summarizePass(input: SummaryInput): PassSummary {
  const { indexed } = input;
  const jiraError = jiraErrorOf(input.toJira, input.fromJira);
  const failures = indexed.index.errors.map((e) => ({
    id: e.worklogId, issue: e.issue, reason: e.reason, message: e.message, scope: e.scope, author: e.author, nextRetryAt: e.nextRetryAt,
  }));
  const retries = failures.map((f) => Date.parse(f.nextRetryAt)).filter((ms) => Number.isFinite(ms));
  return {
    facts: {
      ...syncedFacts(input, jiraError === undefined),
      ...(indexed.state.jiraCursor === null ? {} : { jiraCursor: indexed.state.jiraCursor }),
      pending: indexed.index.pending,
      failed: indexed.index.failed,
      summary: { ...counts(input.toJira), failed: failures.length },
      ...(input.authors ? { authors: input.authors } : {}),
    },
    failures,
    ...(retries.length > 0 ? { nextRetryAtMs: Math.min(...retries) } : {}),
    ...(jiraError ? { jiraError } : {}),
    message: input.dryRun ?? message(input),
  };
}

function jiraErrorOf(toJira: ToJiraResult | undefined, fromJira: FromJiraOutcome | undefined): TractError | undefined {
  return toJira?.authError ?? toJira?.transientError ?? fromJira?.jiraError;
}

/** The branch tip after the pass, once both sides agree on it: only when nothing was left pending. */
function syncedFacts(input: SummaryInput, noJiraError: boolean): { lastSyncedCommit?: string; lastSyncTime?: string } {
  const { toJira } = input;
  if (!noJiraError || (toJira !== undefined && toJira.pending > 0)) return {};
  return { lastSyncedCommit: input.indexed.index.commit || input.tip, lastSyncTime: input.now.toISOString() };
}

function counts(toJira: ToJiraResult | undefined): { created: number; updated: number; deleted: number; skipped: number } {
  if (!toJira) return { created: 0, updated: 0, deleted: 0, skipped: 0 };
  return { created: toJira.created, updated: toJira.updated, deleted: toJira.deleted, skipped: toJira.plan.skip };
}

function message(input: SummaryInput): string {
  const { toJira, fromJira, indexed } = input;
  const at = `${input.repo.spec.git.branch}@${(indexed.index.commit || input.tip).slice(0, 7)}`;
  const parts = toJira ? [`${toJira.created} created`, `${toJira.updated} updated`, `${toJira.deleted} deleted in Jira`] : [];
  if (fromJira && fromJira.applied > 0) parts.push(`${fromJira.applied} change${fromJira.applied === 1 ? '' : 's'} from Jira`);
  return `synced ${at}${parts.length ? `: ${parts.join(', ')}` : ''}${attention(indexed.index.problems.length, indexed.index.missing.length)}`;
}

/** What in the files needs a person: malformed or duplicate lines, synced records missing from git. */
function attention(problems: number, missing: number): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    problems > 0 ? `; ${plural(problems, 'malformed or duplicate line')} skipped (see tract status)` : '',
    missing > 0 ? `; ${plural(missing, 'synced record')} missing from git, not deleted in Jira (see tract status)` : '',
  ].join('');
}
