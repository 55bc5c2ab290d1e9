/**
 * Reads Secrets on demand (one GET per use, no cache to go stale: a created or rotated Secret is
 * seen at the next pass, which the Secret watch starts at once: kube-secret-watch.ts) and
 * base64-decodes their `data`. A missing Secret is `undefined`; other
 * failures are classified. Values are never logged or put into messages.
 */
import type { SecretReader } from '../api/ports.ts';
import { classifyKubeError, kubeStatusCode } from './classify-kube-error.ts';
import type { KubeClients } from './kube-clients.ts';

export class KubeSecretReader implements SecretReader {
  readonly #clients: Pick<KubeClients, 'core'>;

  constructor(clients: Pick<KubeClients, 'core'>) {
    this.#clients = clients;
  }

  async fetchSecret(namespace: string, name: string): Promise<Record<string, string> | undefined> {
    try {
      const secret = await this.#clients.core.readNamespacedSecret({ namespace, name });
      const data: Record<string, string> = {};
      for (const [key, value] of Object.entries(secret.data ?? {})) data[key] = Buffer.from(value, 'base64').toString('utf8');
      return data;
    } catch (err) {
      if (kubeStatusCode(err) === 404) return undefined;
      throw classifyKubeError(err, `read Secret ${namespace}/${name}`);
    }
  }
}
