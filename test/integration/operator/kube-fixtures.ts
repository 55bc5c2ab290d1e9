/** Shared setup of the operator adapter tests: the Kubernetes API test server and controller/kube clients on it. */
import { KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { TractRepo } from '../../../controller/api/tract-repo.ts';
import { kubeClientsFrom } from '../../../controller/kube/kube-clients.ts';
import type { KubeClients } from '../../../controller/kube/kube-clients.ts';
import { startKubeApiServer } from '../../support/kube-api-server/start-kube-api-server.ts';
import type { KubeApiServer, KubeApiServerOptions } from '../../support/kube-api-server/start-kube-api-server.ts';

export const REPOS = 'tractrepos.tract.dev';
export const TR = { group: 'tract.dev', version: 'v1alpha1', plural: 'tractrepos' } as const;
/** client-node call options for a JSON merge patch (its default is JSON patch). */
export const MERGE_PATCH_OPTIONS = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface KubeFixture {
  api: KubeApiServer;
  clients: KubeClients;
  createRepo(name: string, namespace?: string, metadata?: Record<string, unknown>): Promise<TractRepo>;
  close(): Promise<void>;
}

export async function startKubeFixture(options: KubeApiServerOptions = {}): Promise<KubeFixture> {
  const api = await startKubeApiServer(options);
  const config = new KubeConfig();
  config.loadFromOptions(api.kubeConfig());
  const clients = kubeClientsFrom(config);
  return {
    api,
    clients,
    createRepo: async (name, namespace = 'default', metadata = {}) =>
      (await clients.custom.createNamespacedCustomObject({ ...TR, namespace, body: manifest(name, metadata) })) as TractRepo,
    close: () => api.close(),
  };
}

export function manifest(name: string, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name, ...metadata },
    spec: {
      git: { url: 'https://git.example.com/team/app.git' },
      jira: { url: 'https://example.atlassian.net', secretRef: { name: 'jira' } },
    },
  };
}

/** Resolves once `check` holds, polling; fails after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
