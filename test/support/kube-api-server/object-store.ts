/**
 * The server's etcd: objects by resource, one global resourceVersion counter (every write of any
 * resource takes the next value, as etcd's revision does), and a bounded history of changes from which
 * watches resume. A watch from a resourceVersion older than the history is "too old" (410 Gone).
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  resource: string;
  type: ChangeType;
  object: KubeObject;
  /** The object before this change (MODIFIED and DELETED). */
  previous?: KubeObject;
  resourceVersion: number;
}

export type ChangeListener = (change: Change) => void;

const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class ObjectStore {
  private revision: number;
  /** Watches must start at or after this revision. */
  private oldestResumable: number;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private history: Change[] = [];
  private readonly listeners = new Set<ChangeListener>();
  private readonly historyLimit: number;

  constructor(options: { historyLimit?: number; startRevision?: number } = {}) {
    this.historyLimit = options.historyLimit ?? 1000;
    this.revision = options.startRevision ?? 1000;
    this.oldestResumable = this.revision;
  }

  get currentRevision(): number {
    return this.revision;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(resource)?.get(keyOf(namespace, name));
    return found === undefined ? undefined : structuredClone(found);
  }

  /** Objects of `resource`, in one namespace or all, sorted by namespace then name (as etcd keys are). */
  list(resource: string, namespace?: string): KubeObject[] {
    const all = [...(this.objects.get(resource)?.values() ?? [])];
    return all
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .sort((a, b) => keyOf(a.metadata.namespace, a.metadata.name).localeCompare(keyOf(b.metadata.namespace, b.metadata.name)))
      .map((o) => structuredClone(o));
  }

  /** Stores (or, for DELETED, removes) `object` under the next resourceVersion, which it writes into it. */
  commit(resource: string, type: ChangeType, object: KubeObject): KubeObject {
    this.revision += 1;
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(this.revision);
    let byKey = this.objects.get(resource);
    if (byKey === undefined) {
      byKey = new Map();
      this.objects.set(resource, byKey);
    }
    const key = keyOf(stored.metadata.namespace, stored.metadata.name);
    const previous = byKey.get(key);
    if (type === 'DELETED') byKey.delete(key);
    else byKey.set(key, stored);
    const change: Change = { resource, type, object: stored, ...(previous === undefined ? {} : { previous }), resourceVersion: this.revision };
    this.record(change);
    for (const listener of this.listeners) listener(change);
    return structuredClone(stored);
  }

  private record(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.oldestResumable = dropped[dropped.length - 1]!.resourceVersion;
    }
  }

  /** Changes of `resource` after `since`, or `'gone'` when some of them are no longer kept. */
  changesSince(resource: string, since: number): Change[] | 'gone' {
    if (since < this.oldestResumable) return 'gone';
    return this.history.filter((c) => c.resource === resource && c.resourceVersion > since);
  }

  /** Forgets all history: a watch from any resourceVersion handed out so far gets 410 Gone. */
  compact(): void {
    this.revision += 1;
    this.oldestResumable = this.revision;
    this.history = [];
  }

  get oldestResumableRevision(): number {
    return this.oldestResumable;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
