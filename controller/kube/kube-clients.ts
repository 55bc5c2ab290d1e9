/**
 * The Kubernetes API clients of operator mode, made from one kubeconfig. `loadKubeClients(env)` looks
 * where `kubectl` and client-go look: the files in `KUBECONFIG` (merged, first wins), else
 * `~/.kube/config`, else the pod's service account (in cluster). The environment is passed in (only
 * a main.ts reads process.env).
 */
import { delimiter } from 'node:path';
import { CoordinationV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';

export interface KubeClients {
  config: KubeConfig;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  coordination: CoordinationV1Api;
  watch: Watch;
  /** The API server's URL, for logs. */
  server: string;
}

export function loadKubeClients(env: Readonly<Record<string, string | undefined>>): KubeClients {
  const config = new KubeConfig();
  const files = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const [first, ...rest] = files;
  if (first === undefined) {
    config.loadFromDefault();
  } else {
    config.loadFromFile(first);
    for (const file of rest) {
      const more = new KubeConfig();
      more.loadFromFile(file);
      config.mergeConfig(more);
    }
  }
  return kubeClientsFrom(config);
}

export function kubeClientsFrom(config: KubeConfig): KubeClients {
  return {
    config,
    custom: config.makeApiClient(CustomObjectsApi),
    core: config.makeApiClient(CoreV1Api),
    coordination: config.makeApiClient(CoordinationV1Api),
    watch: new Watch(config),
    server: config.getCurrentCluster()?.server ?? 'unknown',
  };
}
