/**
 * Maps a request path onto an API endpoint: discovery documents, or a resource URL
 * (`/api/v1/namespaces/{ns}/secrets/{name}`, `/apis/{group}/{version}/namespaces/{ns}/{plural}/{name}/status`,
 * cluster-wide lists such as `/apis/tract.dev/v1alpha1/tractrepos`) with its verb.
 */
import { resourceNotFound } from './kube-status.ts';
import type { ResourceType } from './resource-types.ts';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRoute {
  kind: 'resource';
  resource: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  verb: Verb;
}

export type DiscoveryRoute =
  | { kind: 'discovery'; document: 'version' | 'api' | 'apis' }
  | { kind: 'discovery'; document: 'group'; group: string }
  | { kind: 'discovery'; document: 'resources'; group: string; version: string };

export type Route = ResourceRoute | DiscoveryRoute;

function verbOf(method: string, hasName: boolean, watch: boolean): Verb {
  switch (method) {
    case 'GET':
      if (hasName) return 'get';
      return watch ? 'watch' : 'list';
    case 'POST':
      if (hasName) break;
      return 'create';
    case 'PUT':
      if (!hasName) break;
      return 'update';
    case 'PATCH':
      if (!hasName) break;
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
  }
  throw resourceNotFound();
}

function discovery(segments: string[]): DiscoveryRoute | undefined {
  const [root, a, b] = segments;
  if (root === 'version' && segments.length === 1) return { kind: 'discovery', document: 'version' };
  if (root === 'api' && segments.length === 1) return { kind: 'discovery', document: 'api' };
  if (root === 'api' && segments.length === 2) return { kind: 'discovery', document: 'resources', group: '', version: a! };
  if (root === 'apis' && segments.length === 1) return { kind: 'discovery', document: 'apis' };
  if (root === 'apis' && segments.length === 2) return { kind: 'discovery', document: 'group', group: a! };
  if (root === 'apis' && segments.length === 3) return { kind: 'discovery', document: 'resources', group: a!, version: b! };
  return undefined;
}

/** `resources` is every served type; `watch` is the `watch` query flag. */
export function routeRequest(method: string, pathname: string, watch: boolean, resources: ResourceType[]): Route {
  const segments = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const found = discovery(segments);
  if (found !== undefined) return found;
  const [group, version, rest] =
    segments[0] === 'api' ? ['', segments[1], segments.slice(2)] : segments[0] === 'apis' ? [segments[1], segments[2], segments.slice(3)] : [];
  if (group === undefined || version === undefined || rest === undefined) throw resourceNotFound();
  const lookup = (plural: string | undefined): ResourceType | undefined =>
    resources.find((r) => r.group === group && r.version === version && r.plural === plural);
  let namespace: string | undefined;
  let tail = rest;
  const namespaced = rest[0] === 'namespaces' && rest.length >= 3 ? lookup(rest[2]) : undefined;
  if (namespaced?.namespaced === true) {
    namespace = rest[1];
    tail = rest.slice(2);
  }
  const resource = lookup(tail[0]);
  if (resource === undefined || tail.length > 3) throw resourceNotFound();
  if (namespace === undefined && resource.namespaced && tail.length > 1) throw resourceNotFound();
  const name = tail[1];
  const subresource = tail[2];
  if (subresource !== undefined && !(subresource === 'status' && resource.statusSubresource)) throw resourceNotFound();
  return { kind: 'resource', resource, namespace, name, subresource, verb: verbOf(method, name !== undefined, watch) };
}
