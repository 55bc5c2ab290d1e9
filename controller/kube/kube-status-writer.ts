/**
 * Writes TractRepo status through the `/status` subresource: one JSON merge patch per call carrying
 * the whole status (a merge patch replaces lists, so `conditions` is always sent complete;
 * docs/operator.md, "Status, Events, Secrets, finalizer"). 404 means the object is gone: nothing to write. 409 is retried a
 * few times (a merge patch without a resourceVersion only conflicts under contention in the API server).
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../api/tract-repo.ts';
import type { TractRepoStatus } from '../api/tract-repo.ts';
import type { RepoKey, StatusWriter } from '../api/ports.ts';
import { splitKey } from '../api/ports.ts';
import { classifyKubeError, kubeStatusCode } from './classify-kube-error.ts';
import type { KubeClients } from './kube-clients.ts';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface KubeStatusWriterOptions {
  clients: Pick<KubeClients, 'custom'>;
  /** Attempts on 409 Conflict before giving up; default 3. */
  maxAttempts?: number;
}

export class KubeStatusWriter implements StatusWriter {
  readonly #clients: Pick<KubeClients, 'custom'>;
  readonly #maxAttempts: number;

  constructor(options: KubeStatusWriterOptions) {
    this.#clients = options.clients;
    this.#maxAttempts = options.maxAttempts ?? 3;
  }

  async patchStatus(key: RepoKey, status: TractRepoStatus): Promise<void> {
    const { namespace, name } = splitKey(key);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#clients.custom.patchNamespacedCustomObjectStatus({ group: GROUP, version: VERSION, plural: PLURAL, namespace, name, body: { status } }, MERGE_PATCH);
        return;
      } catch (err) {
        const code = kubeStatusCode(err);
        if (code === 404) return;
        if (code !== 409 || attempt >= this.#maxAttempts) throw classifyKubeError(err, `patch the status of TractRepo ${key}`);
      }
    }
  }
}
