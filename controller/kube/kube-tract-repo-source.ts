/**
 * TractRepos from the Kubernetes API (operator mode): one restarting informer per watched namespace
 * (or one for all), merged into one cache. Changes reach the controller only when `needsReconcile`
 * says so; a relist reports objects that vanished meanwhile as deletions. The informers can run before
 * `start` (standby replicas keep a warm cache for a fast failover); `start` resolves once every
 * informer has listed.
 *
 * With `secretStreams`, the leader also watches the Secrets of the namespaces holding TractRepos
 * (kube-secret-watch.ts, from `start` on): a referenced Secret that is added, changed or deleted becomes
 * a `secret` event for every TractRepo that reads it (../secrets/secret-references.ts).
 */
import type { TractRepo } from '../api/tract-repo.ts';
import type { Logger } from '../logging/create-logger.ts';
import type { RepoEvent, RepoKey, TractRepoSource } from '../api/ports.ts';
import { repoKey } from '../api/ports.ts';
import { namespacesWithSecretRefs, reposReferencingSecret } from '../secrets/secret-references.ts';
import type { Timers } from '../workqueue/timers.ts';
import { KubeSecretWatch } from './kube-secret-watch.ts';
import { needsReconcile } from './reconcile-predicate.ts';
import { RestartingInformer } from './restarting-informer.ts';
import type { RestartPolicy, RestartReason, StreamFactory } from './restarting-informer.ts';
import type { WatchedSecret } from './secret-streams.ts';

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
  /** The Secrets of one namespace (secret-streams.ts); without it, Secret changes are not watched. */
  secretStreams?: (namespace: string) => StreamFactory<WatchedSecret>;
  /** Secret informer restarts, by cause. */
  onSecretRestart?: (reason: RestartReason) => void;
}

export class KubeTractRepoSource implements TractRepoSource {
  readonly #options: KubeTractRepoSourceOptions;
  readonly #repos = new Map<RepoKey, TractRepo>();
  readonly #informers: RestartingInformer<TractRepo>[];
  readonly #secretWatch: KubeSecretWatch | undefined;
  #onEvent: ((event: RepoEvent) => void) | undefined;
  #running = false;

  constructor(options: KubeTractRepoSourceOptions) {
    this.#options = options;
    this.#informers = options.streams.map((stream) => this.#informer(stream));
    this.#secretWatch = options.secretStreams ? this.#secretWatchOf(options.secretStreams) : undefined;
  }

  /** The namespaces whose Secrets are watched now. */
  get secretNamespaces(): string[] {
    return this.#secretWatch?.namespaces ?? [];
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
    this.#followSecrets();
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
    await Promise.all([...this.#informers.map((informer) => informer.stop()), this.#secretWatch?.stop()]);
  }

  #secretWatchOf(streams: (namespace: string) => StreamFactory<WatchedSecret>): KubeSecretWatch {
    const { timers, logger, policy, onSecretRestart, random } = this.#options;
    return new KubeSecretWatch({
      streams,
      onChange: (namespace, name) => {
        for (const key of reposReferencingSecret(this.#repos.values(), namespace, name)) this.#onEvent?.({ type: 'secret', key });
      },
      timers,
      logger,
      ...(policy ? { policy } : {}),
      ...(onSecretRestart ? { onRestart: onSecretRestart } : {}),
      ...(random ? { random } : {}),
    });
  }

  /** Once delivering (the leader), watches the Secrets of exactly the namespaces whose TractRepos reference some. */
  #followSecrets(): void {
    if (this.#onEvent) this.#secretWatch?.follow(namespacesWithSecretRefs(this.#repos.values()));
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
    this.#followSecrets();
  }

  #upsert(repo: TractRepo, fromList = false): void {
    const key = repoKey(repo);
    const before = this.#repos.get(key);
    // A fresh ListWatch replays its list as `add`s: those are not new events.
    if (!fromList && before?.metadata.resourceVersion !== repo.metadata.resourceVersion) this.#options.onWatchEvent?.('upsert');
    this.#repos.set(key, repo);
    if (!fromList && specChanged(before, repo)) this.#followSecrets();
    if (needsReconcile(before, repo)) this.#onEvent?.({ type: 'upsert', key });
  }

  #delete(key: RepoKey): void {
    this.#options.onWatchEvent?.('delete');
    if (!this.#repos.delete(key)) return;
    this.#followSecrets();
    this.#onEvent?.({ type: 'delete', key });
  }
}

/** Secret references live in the spec: only a new object or a new generation can change the namespaces to watch. */
function specChanged(before: TractRepo | undefined, after: TractRepo): boolean {
  return before?.metadata.generation !== after.metadata.generation;
}
