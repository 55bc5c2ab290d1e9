/**
 * List+watch streams of TractRepos over client-node's ListWatch: all namespaces or one, with the shard
 * label selector on BOTH the list and the watch (client-node applies its selector to the watch only;
 * docs/operator.md, "TractRepos: informer, predicates, relists"). Each call of the returned factory is a fresh ListWatch, so a restart is a full relist.
 */
import { ListWatch } from '@kubernetes/client-node';
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../api/tract-repo.ts';
import type { TractRepo } from '../api/tract-repo.ts';
import type { KubeClients } from './kube-clients.ts';
import type { StreamFactory } from './restarting-informer.ts';

export interface StreamScope {
  /** One namespace; all when undefined. */
  namespace?: string;
  /** Label selector (sharding); none when empty. */
  labelSelector?: string;
}

export function tractRepoPath(namespace?: string): string {
  return namespace === undefined ? `/apis/${GROUP}/${VERSION}/${PLURAL}` : `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`;
}

export function tractRepoStreams(clients: KubeClients, scope: StreamScope): StreamFactory<TractRepo> {
  const labelSelector = scope.labelSelector ? scope.labelSelector : undefined;
  const list = async (): Promise<KubernetesListObject<KubernetesObject>> => {
    const query = { group: GROUP, version: VERSION, plural: PLURAL, ...(labelSelector ? { labelSelector } : {}) };
    const answer: unknown = scope.namespace === undefined
      ? await clients.custom.listClusterCustomObject(query)
      : await clients.custom.listNamespacedCustomObject({ ...query, namespace: scope.namespace });
    return answer as KubernetesListObject<KubernetesObject>;
  };
  return (handlers) => {
    const listFn = async (): Promise<KubernetesListObject<KubernetesObject>> => {
      const answer = await list();
      handlers.onList(answer.items as unknown as TractRepo[]);
      return answer;
    };
    const informer = new ListWatch<KubernetesObject>(tractRepoPath(scope.namespace), clients.watch, listFn, false, labelSelector);
    informer.on('add', (object) => handlers.onUpsert(object as unknown as TractRepo));
    informer.on('update', (object) => handlers.onUpsert(object as unknown as TractRepo));
    informer.on('delete', (object) => handlers.onDelete(object as unknown as TractRepo));
    informer.on('error', (err) => handlers.onError(err));
    return { start: () => informer.start(), stop: () => informer.stop() };
  };
}
