/** Dispatches a resource request to the read, watch and write handlers by verb. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, resourceNotFound } from './kube-status.ts';
import type { ObjectStore } from './object-store.ts';
import { listObjects } from './object-reads.ts';
import { createObject, currentObject, deleteObject, updateObject, type WriteResult, type WriteTarget } from './object-writes.ts';
import { patchObject } from './patch-object.ts';
import type { ResourceRoute } from './route-request.ts';
import { parseFieldSelector, parseLabelSelector } from './selectors.ts';
import type { WatchHub } from './watch-hub.ts';

export interface ServerParts {
  store: ObjectStore;
  hub: WatchHub;
  now(): Date;
}

export interface HttpExchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: string;
}

function parseBody(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch (err) {
    throw badRequest(`error decoding the request body: ${(err as Error).message}`);
  }
}

function deleteCollection(t: WriteTarget, route: ResourceRoute, url: URL): WriteResult {
  const list = listObjects(t.store, route.resource, route.namespace, {
    labelSelector: url.searchParams.get('labelSelector'),
    fieldSelector: url.searchParams.get('fieldSelector'),
    limit: null,
    continueToken: null,
  });
  for (const o of list.items) deleteObject({ ...t, namespace: o.metadata.namespace }, o.metadata.name, undefined);
  return { code: 200, body: list };
}

/** Answers the request; returns undefined when the handler wrote the response itself (watch). */
export function handleResourceRequest(parts: ServerParts, route: ResourceRoute, x: HttpExchange): WriteResult | undefined {
  const t: WriteTarget = { store: parts.store, resource: route.resource, namespace: route.namespace, now: parts.now };
  const q = x.url.searchParams;
  const name = route.name ?? '';
  switch (route.verb) {
    case 'get':
      return { code: 200, body: currentObject(t, name) };
    case 'list':
      return {
        code: 200,
        body: listObjects(parts.store, route.resource, route.namespace, {
          labelSelector: q.get('labelSelector'),
          fieldSelector: q.get('fieldSelector'),
          limit: q.get('limit'),
          continueToken: q.get('continue'),
        }),
      };
    case 'watch': {
      const timeout = q.get('timeoutSeconds');
      parts.hub.serve(x.res, {
        resource: route.resource,
        namespace: route.namespace,
        labels: parseLabelSelector(q.get('labelSelector')),
        fields: parseFieldSelector(q.get('fieldSelector')),
        resourceVersion: q.get('resourceVersion') ?? undefined,
        timeoutSeconds: timeout === null ? undefined : Number(timeout),
        allowBookmarks: q.get('allowWatchBookmarks') === 'true',
      });
      return undefined;
    }
    case 'create':
      if (route.resource.namespaced && route.namespace === undefined) throw resourceNotFound();
      return createObject(t, parseBody(x.body));
    case 'update':
      return updateObject(t, name, parseBody(x.body), route.subresource);
    case 'patch':
      return patchObject(t, {
        name,
        contentType: x.req.headers['content-type'] ?? '',
        body: x.body,
        subresource: route.subresource,
        fieldManager: q.get('fieldManager') ?? undefined,
      });
    case 'delete':
      return deleteObject(t, name, parseBody(x.body));
    case 'deletecollection':
      return deleteCollection(t, route, x.url);
  }
}
