/**
 * List+watch streams of the Secrets of one namespace over client-node's ListWatch (docs/operator.md,
 * "Secrets"). Each Secret is handed on only as its name and a digest of its `type` and `data`: beyond
 * client-node's own in-memory cache, the values never leave this file, so no log line, event, error or
 * status can carry them. Each call of the returned factory is a fresh ListWatch, so a restart is a full
 * relist.
 */
import { createHash } from 'node:crypto';
import { ListWatch } from '@kubernetes/client-node';
import type { KubernetesListObject, KubernetesObject, V1Secret } from '@kubernetes/client-node';
import type { KubeClients } from './kube-clients.ts';
import type { StreamFactory } from './restarting-informer.ts';

/** What the controller keeps of a watched Secret. */
export interface WatchedSecret {
  namespace: string;
  name: string;
  /** sha256 over `type` and the sorted `data`: equal digests, equal contents. */
  digest: string;
}

export function secretsPath(namespace: string): string {
  return `/api/v1/namespaces/${namespace}/secrets`;
}

export function watchedSecret(secret: V1Secret, namespace: string): WatchedSecret {
  const data = Object.entries(secret.data ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256').update(JSON.stringify([secret.type ?? '', data])).digest('hex');
  return { namespace: secret.metadata?.namespace ?? namespace, name: secret.metadata?.name ?? '', digest };
}

export function secretStreams(clients: Pick<KubeClients, 'core' | 'watch'>, namespace: string): StreamFactory<WatchedSecret> {
  return (handlers) => {
    const listFn = async (): Promise<KubernetesListObject<KubernetesObject>> => {
      const answer = await clients.core.listNamespacedSecret({ namespace });
      handlers.onList(answer.items.map((secret) => watchedSecret(secret, namespace)));
      return answer as KubernetesListObject<KubernetesObject>;
    };
    const informer = new ListWatch<KubernetesObject>(secretsPath(namespace), clients.watch, listFn, false);
    informer.on('add', (object) => handlers.onUpsert(watchedSecret(object as V1Secret, namespace)));
    informer.on('update', (object) => handlers.onUpsert(watchedSecret(object as V1Secret, namespace)));
    informer.on('delete', (object) => handlers.onDelete(watchedSecret(object as V1Secret, namespace)));
    informer.on('error', (err) => handlers.onError(err));
    return { start: () => informer.start(), stop: () => informer.stop() };
  };
}
