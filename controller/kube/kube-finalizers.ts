/**
 * Adds and removes `finalizers.tract.dev` with a merge patch that names the object's current
 * `resourceVersion` (optimistic concurrency: a 409 refetches and retries, a few times). `has` answers
 * from the informer's copy, and also remembers what this replica added until the watch catches up, so
 * the pass after `add` does not add again.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { FINALIZER, GROUP, PLURAL, VERSION } from '../api/tract-repo.ts';
import type { TractRepo } from '../api/tract-repo.ts';
import type { Finalizers, RepoKey } from '../api/ports.ts';
import { repoKey, splitKey } from '../api/ports.ts';
import { classifyKubeError, kubeStatusCode } from './classify-kube-error.ts';
import type { KubeClients } from './kube-clients.ts';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const MAX_ATTEMPTS = 5;

export class KubeFinalizers implements Finalizers {
  readonly #clients: Pick<KubeClients, 'custom'>;
  /** Key → uid of the objects this replica added the finalizer to. */
  readonly #added = new Map<RepoKey, string>();

  constructor(clients: Pick<KubeClients, 'custom'>) {
    this.#clients = clients;
  }

  has(repo: TractRepo): boolean {
    if (repo.metadata.finalizers?.includes(FINALIZER)) return true;
    const uid = this.#added.get(repoKey(repo));
    return uid !== undefined && uid === repo.metadata.uid;
  }

  async add(key: RepoKey): Promise<void> {
    const uid = await this.#update(key, (list) => (list.includes(FINALIZER) ? undefined : [...list, FINALIZER]));
    if (uid !== undefined) this.#added.set(key, uid);
  }

  async remove(key: RepoKey): Promise<void> {
    this.#added.delete(key);
    await this.#update(key, (list) => (list.includes(FINALIZER) ? list.filter((f) => f !== FINALIZER) : undefined));
  }

  /** Applies `change` to the current finalizers (undefined: nothing to do); returns the uid, undefined when the object is gone. */
  async #update(key: RepoKey, change: (finalizers: string[]) => string[] | undefined): Promise<string | undefined> {
    const { namespace, name } = splitKey(key);
    const ref = { group: GROUP, version: VERSION, plural: PLURAL, namespace, name };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const current = (await this.#clients.custom.getNamespacedCustomObject(ref)) as TractRepo;
        const finalizers = change(current.metadata.finalizers ?? []);
        if (finalizers === undefined) return current.metadata.uid;
        const body = { metadata: { finalizers, resourceVersion: current.metadata.resourceVersion } };
        await this.#clients.custom.patchNamespacedCustomObject({ ...ref, body }, MERGE_PATCH);
        return current.metadata.uid;
      } catch (err) {
        const code = kubeStatusCode(err);
        if (code === 404) return undefined;
        if (code !== 409 || attempt >= MAX_ATTEMPTS) throw classifyKubeError(err, `update the finalizers of TractRepo ${key}`);
      }
    }
  }
}
