/**
 * Runs the reconcile loop: TractRepo changes from the source, git push webhooks, API requests and
 * Jira webhooks (their bursts wait in the Jira mailbox, jira-intake/jira-mailbox.ts) all add the repo's
 * key to the work queue; the queue's workers reconcile. Like Flux's
 * `Or(GenerationChanged, ReconcileRequested)` predicate, a change event only queues a key when its
 * generation, its `tract.dev/requested-at` value or its deletion changed, so the controller's own
 * status writes never loop back into passes. A change of a Secret the repo reads (the Secret watch
 * of either mode) queues it at once.
 */
import { REQUESTED_AT_ANNOTATION } from '../api/tract-repo.ts';
import type { TractRepo } from '../api/tract-repo.ts';
import type { BackoffPolicy } from '../workqueue/item-backoff.ts';
import type { Timers } from '../workqueue/timers.ts';
import { WorkQueue } from '../workqueue/work-queue.ts';
import type { RepoEvent, RepoKey } from '../api/ports.ts';
import { reconcileTractRepo } from './reconcile-tract-repo.ts';
import type { ReconcileDeps } from './reconcile-tract-repo.ts';
import type { Trigger } from './repo-runtime.ts';

export interface ControllerOptions {
  concurrency: number;
  jitterPercent: number;
  backoff: BackoffPolicy;
  timers: Timers;
  random?: () => number;
}

export type SyncRequestAnswer = 'accepted' | 'not-found' | 'suspended';

export class TractRepoController {
  readonly deps: ReconcileDeps;
  readonly queue: WorkQueue;
  /** generation | requested-at | deletion, per key, as last queued. */
  readonly #seen = new Map<RepoKey, string>();
  #ready = false;
  #stopping = false;

  constructor(deps: ReconcileDeps, options: ControllerOptions) {
    this.deps = deps;
    this.queue = new WorkQueue({
      concurrency: options.concurrency,
      timers: options.timers,
      backoff: options.backoff,
      jitterPercent: options.jitterPercent,
      ...(options.random ? { random: options.random } : {}),
      process: (key) => reconcileTractRepo(key, deps),
      hooks: {
        onDepth: (depth) => deps.metrics.setQueueDepth(depth),
        onAdd: () => deps.metrics.countQueueAdd(),
        onRetry: () => deps.metrics.countQueueRetry(),
        onWorkDone: (_key, ms) => deps.metrics.observeWork(ms / 1000),
        onProcessorError: (key, err) => deps.logger.error('reconcile threw', { repo: key, error: err }),
      },
    });
  }

  /** Ready once the source delivered its initial set (standalone: the manifests are loaded). */
  get ready(): boolean {
    return this.#ready && !this.#stopping;
  }

  async start(): Promise<void> {
    await this.deps.source.start((event) => this.#onEvent(event));
    for (const repo of this.deps.source.list()) this.#onEvent({ type: 'upsert', key: keyOf(repo) });
    this.#ready = true;
  }

  /** Asks for a pass now (API, git webhook, Jira webhook). */
  requestSync(key: RepoKey, trigger: Trigger): SyncRequestAnswer {
    const repo = this.deps.source.get(key);
    if (!repo || repo.metadata.deletionTimestamp) return 'not-found';
    if (repo.spec.suspend) return 'suspended';
    this.deps.runtimes.get(key).trigger = trigger;
    this.queue.add(key);
    return 'accepted';
  }

  /**
   * Stops taking work and waits (at most `timeoutMs`) for the running passes. True when they finished.
   * The Jira mailbox refuses bursts from now on and fails those no pass took: they stay journaled.
   */
  async stop(timeoutMs: number): Promise<boolean> {
    this.#stopping = true;
    this.deps.mailbox.shutDown();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const finished = await Promise.race([this.queue.shutDown().then(() => true as const), timedOut]);
    clearTimeout(timer);
    await this.deps.source.stop();
    return finished;
  }

  #onEvent(event: RepoEvent): void {
    if (this.#stopping) return;
    if (event.type === 'secret') {
      this.#onSecretChange(event.key);
      return;
    }
    if (event.type === 'delete') {
      this.#seen.delete(event.key);
      this.queue.add(event.key);
      return;
    }
    const repo = this.deps.source.get(event.key);
    const signature = repo ? signatureOf(repo) : '';
    if (this.#seen.get(event.key) === signature) return;
    this.#seen.set(event.key, signature);
    this.deps.runtimes.get(event.key).trigger = 'change';
    this.queue.add(event.key);
  }

  /**
   * A Secret the repo reads changed: a pass at once, through the queue's immediate path (a pending
   * backoff or requeue does not delay it), in which every failed record is retried (docs/to-jira.md
   * "Retries").
   */
  #onSecretChange(key: RepoKey): void {
    const repo = this.deps.source.get(key);
    if (!repo || repo.metadata.deletionTimestamp || repo.spec.suspend) return;
    const runtime = this.deps.runtimes.get(key);
    runtime.trigger = 'change';
    runtime.contextChanged = true;
    this.queue.add(key);
  }
}

function signatureOf(repo: TractRepo): string {
  const { generation, annotations, deletionTimestamp, finalizers } = repo.metadata;
  return JSON.stringify([generation ?? 0, annotations?.[REQUESTED_AT_ANNOTATION] ?? '', deletionTimestamp ?? '', finalizers ?? []]);
}

function keyOf(repo: TractRepo): RepoKey {
  return `${repo.metadata.namespace ?? 'default'}/${repo.metadata.name}`;
}
