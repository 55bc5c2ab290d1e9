/**
 * Read side of the API and the status page: TractRepos from the source, their status as the controller
 * last wrote it, and the record index of their last pass.
 */
import { PROGRESSING, READY } from '../api/condition-reasons.ts';
import type { TractRepo, TractRepoStatus } from '../api/tract-repo.ts';
import type { RecordedEvent, RepoKey, TractRepoSource } from '../api/ports.ts';
import { repoKey } from '../api/ports.ts';
import type { RepoRuntimes } from '../reconcile/repo-runtime.ts';
import { jiraWebhookPath } from '../api/webhook-paths.ts';
import type { ReadyStatus, ServedRepoDetail, RepoSummary, WorklogSyncState } from './api-types.ts';

export interface RepoReadModelDeps {
  source: TractRepoSource;
  runtimes: RepoRuntimes;
  /** Recent events of one repo (standalone: the ring buffer). */
  events?: (key: RepoKey) => RecordedEvent[];
}

export class RepoReadModel {
  readonly #deps: RepoReadModelDeps;

  constructor(deps: RepoReadModelDeps) {
    this.#deps = deps;
  }

  summaries(): RepoSummary[] {
    return this.#deps.source
      .list()
      .map((repo) => this.#summary(repo))
      .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  }

  detail(key: RepoKey): ServedRepoDetail | undefined {
    const repo = this.#deps.source.get(key);
    if (!repo) return undefined;
    const index = this.#deps.runtimes.peek(key)?.index ?? EMPTY_INDEX;
    const events = this.#deps.events ? this.#deps.events(key) : [];
    const status = this.#status(repo);
    return {
      ...this.#summary(repo), conditions: status.conditions ?? [], authors: status.authors ?? [], queue: index.queue, errors: index.errors, problems: index.problems,
      missing: index.missing, jiraDuplicates: [...(this.#deps.runtimes.peek(key)?.jiraDuplicates ?? [])], events,
    };
  }

  worklog(id: string): WorklogSyncState | undefined {
    for (const runtime of this.#deps.runtimes.values()) {
      const view = runtime.index?.records.get(id);
      if (view) return { id: view.id, repo: view.repo, issue: view.issue, state: view.state, jira: view.jira, error: view.error, updatedAt: view.updatedAt };
    }
    return undefined;
  }

  #status(repo: TractRepo): TractRepoStatus {
    return this.#deps.runtimes.peek(repoKey(repo))?.status ?? repo.status ?? {};
  }

  #summary(repo: TractRepo): RepoSummary {
    const key = repoKey(repo);
    const status = this.#status(repo);
    return {
      namespace: repo.metadata.namespace ?? 'default',
      name: repo.metadata.name,
      gitUrl: repo.spec.git.url,
      branch: repo.spec.git.branch,
      jiraUrl: repo.spec.jira.url,
      ...readyOf(status),
      suspended: repo.spec.suspend,
      ...statusFields(status),
      webhookPath: status.webhookPath ?? jiraWebhookPath(key),
    };
  }
}

const EMPTY_INDEX = { queue: [], errors: [], problems: [], missing: [] };

function readyOf(status: TractRepoStatus): { ready: ReadyStatus; reason: string; message: string } {
  const ready = status.conditions?.find((c) => c.type === READY);
  if (!ready) return { ready: 'Unknown', reason: PROGRESSING, message: 'waiting for the first pass' };
  return { ready: ready.status, reason: ready.reason, message: ready.message };
}

function statusFields(status: TractRepoStatus): Pick<RepoSummary, 'pending' | 'failed' | 'lastSyncedCommit' | 'lastSyncTime'> {
  return { pending: status.pending ?? 0, failed: status.failed ?? 0, lastSyncedCommit: status.lastSyncedCommit ?? null, lastSyncTime: status.lastSyncTime ?? null };
}
