/**
 * TractRepos from the Kubernetes API (operator mode): one restarting informer per watched namespace
 * (or one for all), merged into one cache. Changes reach the controller only when `needsReconcile`
 * says so; a relist reports objects that vanished meanwhile as deletions. The informers can run before
 * `start` (standby replicas keep a warm cache for a fast failover); `start` resolves once every
 * informer has listed.
 */
import type { TractRepo } from '../api/tract-repo.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { RepoEvent, RepoKey, TractRepoSource } from '../api/ports.ts';
import { repoKey } from '../api/ports.ts';
import type { Timers } from '../workqueue/timers.ts';
import { needsReconcile } from './reconcile-predicate.ts';
import { RestartingInformer } from './restarting-informer.ts';
import type { RestartPolicy, RestartReason, StreamFactory } from './restarting-informer.ts';

export interface SourceStream {
  /** The namespace the stream covers; undefined for all. */
  namespace?: string;
  factory: StreamFactory<TractRepo>;
}

export interface KubeTractRepoSourceOptions {
  streams: readonly SourceStream[];
  timers: Timers;
  logger: Logger;
  policy?: Partial<RestartPolicy>;
  /** Informer restarts, by cause (the `tract_informer_restarts_total` metric). */
  onRestart?: (reason: RestartReason) => void;
  /** Every watch event, by type (the `tract_watch_events_total` metric). */
  onWatchEvent?: (type: 'list' | 'upsert' | 'delete') => void;
  random?: () => number;
}

export class KubeTractRepoSource implements TractRepoSource {
  readonly #options: KubeTractRepoSourceOptions;
  readonly #repos = new Map<RepoKey, TractRepo>();
  readonly #informers: RestartingInformer<TractRepo>[];
  #onEvent: ((event: RepoEvent) => void) | undefined;
  #running = false;

  constructor(options: KubeTractRepoSourceOptions) {
    this.#options = options;
    this.#informers = options.streams.map((stream) => this.#informer(stream));
  }

  /** Every informer has listed at least once. */
  get synced(): boolean {
    return this.#running && this.#informers.every((informer) => informer.synced);
  }

  /** Starts the informers (idempotent); changes are cached but not delivered until `start`. */
  run(): void {
    if (this.#running) return;
    this.#running = true;
    for (const informer of this.#informers) informer.start();
  }

  async start(onEvent: (event: RepoEvent) => void): Promise<void> {
    this.run();
    await Promise.all(this.#informers.map((informer) => informer.whenSynced()));
    this.#onEvent = onEvent;
  }

  get(key: RepoKey): TractRepo | undefined {
    return this.#repos.get(key);
  }

  list(): TractRepo[] {
    return [...this.#repos.values()];
  }

  async stop(): Promise<void> {
    this.#onEvent = undefined;
    this.#running = false;
    await Promise.all(this.#informers.map((informer) => informer.stop()));
  }

  #informer(stream: SourceStream): RestartingInformer<TractRepo> {
    const { timers, logger, policy, onRestart, random } = this.#options;
    return new RestartingInformer<TractRepo>({
      name: stream.namespace === undefined ? 'tractrepos' : `tractrepos/${stream.namespace}`,
      factory: stream.factory,
      handlers: {
        onList: (items) => this.#relisted(stream.namespace, items),
        onUpsert: (repo) => this.#upsert(repo),
        onDelete: (repo) => this.#delete(repoKey(repo)),
      },
      timers,
      logger,
      ...(policy ? { policy } : {}),
      ...(onRestart ? { onRestart } : {}),
      ...(random ? { random } : {}),
    });
  }

  #relisted(namespace: string | undefined, items: readonly TractRepo[]): void {
    this.#options.onWatchEvent?.('list');
    const listed = new Set(items.map((repo) => repoKey(repo)));
    for (const [key, repo] of this.#repos) {
      const inScope = namespace === undefined || (repo.metadata.namespace ?? 'default') === namespace;
      if (inScope && !listed.has(key)) this.#delete(key);
    }
    for (const repo of items) this.#upsert(repo, true);
  }

  #upsert(repo: TractRepo, fromList = false): void {
    const key = repoKey(repo);
    const before = this.#repos.get(key);
    // A fresh ListWatch replays its list as `add`s: those are not new events.
    if (!fromList && before?.metadata.resourceVersion !== repo.metadata.resourceVersion) this.#options.onWatchEvent?.('upsert');
    this.#repos.set(key, repo);
    if (needsReconcile(before, repo)) this.#onEvent?.({ type: 'upsert', key });
  }

  #delete(key: RepoKey): void {
    this.#options.onWatchEvent?.('delete');
    if (!this.#repos.delete(key)) return;
    this.#onEvent?.({ type: 'delete', key });
  }
}
