/** GET of one object and of a collection (label and field selectors, `limit` and `continue`). */
import { badRequest, failure, KubeStatusError } from './kube-status.ts';
import type { KubeObject, ObjectStore } from './object-store.ts';
import { apiVersionOf, resourceId, type ResourceType } from './resource-types.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts';

export interface ListQuery {
  labelSelector: string | null;
  fieldSelector: string | null;
  limit: string | null;
  continueToken: string | null;
}

export interface ObjectList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

interface ContinueToken {
  rv: number;
  start: number;
}

function decodeContinue(token: string, store: ObjectStore): ContinueToken {
  let parsed: ContinueToken;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data');
  }
  if (parsed.rv < store.oldestResumableRevision) {
    throw new KubeStatusError(
      failure(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'),
    );
  }
  return parsed;
}

/**
 * The collection, filtered. Paging walks the current state by position (the real server reads a
 * consistent snapshot at the first page's resourceVersion; tests that page through a changing
 * collection should not rely on snapshot semantics here).
 */
export function listObjects(store: ObjectStore, resource: ResourceType, namespace: string | undefined, q: ListQuery): ObjectList {
  const labels = parseLabelSelector(q.labelSelector);
  const fields = parseFieldSelector(q.fieldSelector);
  const all = store.list(resourceId(resource), namespace).filter((o) => matchesLabels(o, labels) && matchesFields(o, fields));
  const start = q.continueToken === null || q.continueToken === '' ? 0 : decodeContinue(q.continueToken, store).start;
  const limit = q.limit === null ? 0 : Number(q.limit);
  const end = limit > 0 ? start + limit : all.length;
  const items = all.slice(start, end);
  const rv = store.currentRevision;
  const more = end < all.length;
  return {
    apiVersion: apiVersionOf(resource),
    kind: resource.listKind,
    metadata: {
      resourceVersion: String(rv),
      ...(more ? { continue: Buffer.from(JSON.stringify({ rv, start: end })).toString('base64url'), remainingItemCount: all.length - end } : {}),
    },
    items,
  };
}
