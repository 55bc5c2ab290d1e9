/**
 * Watches the Secrets of the namespaces that hold TractRepos (docs/operator.md, "Secrets"): one
 * restarting informer per namespace, started when the first TractRepo of that namespace appears and
 * stopped when the last one goes. A Secret that is added, deleted or whose contents change (its digest:
 * secret-streams.ts) is reported to `onChange`; the first list of a namespace is not a change (the
 * passes read the Secrets anyway), a relist reports what changed meanwhile.
 */
import type { Logger } from '../logging/create-logger.ts';
import type { Timers } from '../workqueue/timers.ts';
import { RestartingInformer } from './restarting-informer.ts';
import type { RestartPolicy, RestartReason, StreamFactory } from './restarting-informer.ts';
import type { WatchedSecret } from './secret-streams.ts';

export interface KubeSecretWatchOptions {
  /** The stream of one namespace's Secrets. */
  streams: (namespace: string) => StreamFactory<WatchedSecret>;
  /** Secret `namespace/name` was added, changed or deleted. */
  onChange: (namespace: string, name: string) => void;
  timers: Timers;
  logger: Logger;
  policy?: Partial<RestartPolicy>;
  onRestart?: (reason: RestartReason) => void;
  random?: () => number;
}

interface Known {
  /** Digest by Secret name; undefined until the first list. */
  digests: Map<string, string> | undefined;
}

interface NamespaceWatch {
  informer: RestartingInformer<WatchedSecret>;
  known: Known;
}

export class KubeSecretWatch {
  readonly #options: KubeSecretWatchOptions;
  readonly #watches = new Map<string, NamespaceWatch>();

  constructor(options: KubeSecretWatchOptions) {
    this.#options = options;
  }

  /** The namespaces watched now. */
  get namespaces(): string[] {
    return [...this.#watches.keys()].sort();
  }

  /** Watches exactly `namespaces`: starts the missing informers, stops the ones no longer needed. */
  follow(namespaces: ReadonlySet<string>): void {
    for (const [namespace, watch] of this.#watches) {
      if (namespaces.has(namespace)) continue;
      this.#watches.delete(namespace);
      void watch.informer.stop();
    }
    for (const namespace of namespaces) if (!this.#watches.has(namespace)) this.#start(namespace);
  }

  async stop(): Promise<void> {
    const watches = [...this.#watches.values()];
    this.#watches.clear();
    await Promise.all(watches.map((watch) => watch.informer.stop()));
  }

  #start(namespace: string): void {
    const { timers, logger, policy, onRestart, random } = this.#options;
    const known: Known = { digests: undefined };
    const informer = new RestartingInformer<WatchedSecret>({
      name: `secrets/${namespace}`,
      factory: this.#options.streams(namespace),
      handlers: {
        onList: (items) => this.#listed(namespace, known, items),
        onUpsert: (secret) => this.#upsert(namespace, known, secret),
        onDelete: (secret) => this.#delete(namespace, known, secret.name),
      },
      timers,
      logger,
      ...(policy ? { policy } : {}),
      ...(onRestart ? { onRestart } : {}),
      ...(random ? { random } : {}),
    });
    this.#watches.set(namespace, { informer, known });
    informer.start();
  }

  #listed(namespace: string, known: Known, items: readonly WatchedSecret[]): void {
    const before = known.digests;
    known.digests = new Map(items.map((secret) => [secret.name, secret.digest]));
    if (before === undefined) return;
    for (const [name, digest] of known.digests) if (before.get(name) !== digest) this.#changed(namespace, known, name);
    for (const name of before.keys()) if (!known.digests.has(name)) this.#changed(namespace, known, name);
  }

  #upsert(namespace: string, known: Known, secret: WatchedSecret): void {
    if (known.digests === undefined || known.digests.get(secret.name) === secret.digest) return;
    known.digests.set(secret.name, secret.digest);
    this.#changed(namespace, known, secret.name);
  }

  #delete(namespace: string, known: Known, name: string): void {
    if (known.digests === undefined || !known.digests.delete(name)) return;
    this.#changed(namespace, known, name);
  }

  /** Reported only while this namespace is still followed by the same watch. */
  #changed(namespace: string, known: Known, name: string): void {
    if (this.#watches.get(namespace)?.known === known) this.#options.onChange(namespace, name);
  }
}
