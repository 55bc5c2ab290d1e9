/**
 * Discovery documents (`/api`, `/apis`, `/apis/{group}/{version}`, `/version`) as far as
 * client-node needs them: `KubernetesObjectApi` looks resources up by kind here.
 */
import { resourceNotFound } from './kube-status.ts';
import type { DiscoveryRoute } from './route-request.ts';
import { apiVersionOf, type ResourceType } from './resource-types.ts';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resourceList(group: string, version: string, resources: ResourceType[]): object {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) throw resourceNotFound();
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: served.flatMap((r) => [
      {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
        ...(r.shortNames === undefined ? {} : { shortNames: r.shortNames }),
        ...(r.categories === undefined ? {} : { categories: r.categories }),
      },
      ...(r.statusSubresource
        ? [{ name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] }]
        : []),
    ]),
  };
}

function groupDoc(group: string, resources: ResourceType[]): { name: string; versions: object[]; preferredVersion: object } {
  const versions = [...new Set(resources.filter((r) => r.group === group).map((r) => r.version))];
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  if (entries.length === 0) throw resourceNotFound();
  return { name: group, versions: entries, preferredVersion: entries[0]! };
}

export function discoveryDocument(route: DiscoveryRoute, resources: ResourceType[]): object {
  switch (route.document) {
    case 'version':
      return { major: '1', minor: '35', gitVersion: 'v1.35.0-tract-test', platform: 'linux/amd64' };
    case 'api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    case 'apis': {
      const groups = [...new Set(resources.map((r) => r.group).filter((g) => g !== ''))];
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupDoc(g, resources)) };
    }
    case 'group':
      return { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(route.group, resources) };
    case 'resources':
      return resourceList(route.group, route.version, resources);
  }
}
