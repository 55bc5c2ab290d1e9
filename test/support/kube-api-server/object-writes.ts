/**
 * Create, update, patch and delete with the API server's semantics: optimistic concurrency on
 * `metadata.resourceVersion`, the status subresource split, `metadata.generation` bumps on spec changes
 * only, no-op writes that change nothing (not even the resourceVersion), and graceful deletion through
 * finalizers (`deletionTimestamp` first, the object goes once its last finalizer is removed).
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { admitObject } from './admit-object.ts';
import { alreadyExists, badRequest, conflict, invalid, namespaceNotFound, notFound, success, type KubeStatus } from './kube-status.ts';
import type { KubeObject, ObjectMeta, ObjectStore } from './object-store.ts';
import { apiVersionOf, resourceId, type ResourceType } from './resource-types.ts';

export interface WriteTarget {
  store: ObjectStore;
  resource: ResourceType;
  namespace: string | undefined;
  now(): Date;
}

export interface WriteResult {
  code: number;
  /** An object, a list or a Status. */
  body: KubeObject | KubeStatus | object;
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const IMMUTABLE_META = ['name', 'namespace', 'uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;

export const metaTime = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i += 1) suffix += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
  return `${prefix}${suffix}`;
}

function asObject(body: unknown): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request is not a JSON object');
  const object = body as KubeObject;
  object.metadata = (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as ObjectMeta;
  return object;
}

function checkKind(t: WriteTarget, object: KubeObject): void {
  const expected = apiVersionOf(t.resource);
  if (object.kind !== undefined && object.kind !== t.resource.kind) {
    throw badRequest(`the kind in the data (${String(object.kind)}) does not match the expected kind (${t.resource.kind})`);
  }
  if (object.apiVersion !== undefined && object.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expected})`);
  }
  object.kind = t.resource.kind;
  object.apiVersion = expected;
}

function checkNamespace(t: WriteTarget, object: KubeObject): void {
  if (!t.resource.namespaced) {
    delete object.metadata.namespace;
    return;
  }
  if (object.metadata.namespace !== undefined && object.metadata.namespace !== '' && object.metadata.namespace !== t.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  object.metadata.namespace = t.namespace!;
  if (t.store.get('namespaces', undefined, t.namespace!) === undefined) throw namespaceNotFound(t.namespace!);
}

/** POST on a collection. */
export function createObject(t: WriteTarget, body: unknown): WriteResult {
  const object = asObject(body);
  checkKind(t, object);
  checkNamespace(t, object);
  const meta = object.metadata;
  if ((meta.name === undefined || meta.name === '') && typeof meta.generateName === 'string' && meta.generateName !== '') {
    meta.name = generatedName(meta.generateName);
  }
  if (meta.resourceVersion !== undefined && meta.resourceVersion !== '') throw badRequest('resourceVersion should not be set on objects to be created');
  for (const field of ['uid', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'creationTimestamp']) delete meta[field];
  meta.uid = randomUUID();
  meta.creationTimestamp = metaTime(t.now());
  if (t.resource.tracksGeneration) meta.generation = 1;
  if (t.resource.statusSubresource && t.resource.custom) delete object.status;
  if (t.resource.group === '' && t.resource.plural === 'namespaces') object.status = { phase: 'Active' };
  admitObject(t.resource, object, undefined);
  if (t.store.get(resourceId(t.resource), t.namespace, meta.name) !== undefined) throw alreadyExists(t.resource, meta.name);
  return { code: 201, body: t.store.commit(resourceId(t.resource), 'ADDED', object) };
}

export function currentObject(t: WriteTarget, name: string): KubeObject {
  const current = t.store.get(resourceId(t.resource), t.namespace, name);
  if (current === undefined) throw notFound(t.resource, name);
  return current;
}

/** The object a write of `incoming` to the main resource or to `/status` results in. */
function merged(t: WriteTarget, current: KubeObject, incoming: KubeObject, subresource: string | undefined): KubeObject {
  if (subresource === 'status') {
    const next = structuredClone(current);
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
    return next;
  }
  const next = structuredClone(incoming);
  next.apiVersion = current.apiVersion;
  next.kind = current.kind;
  for (const field of IMMUTABLE_META) {
    if (current.metadata[field] === undefined) delete next.metadata[field];
    else next.metadata[field] = current.metadata[field] as never;
  }
  if (t.resource.statusSubresource) {
    if (current.status === undefined) delete next.status;
    else next.status = current.status;
  }
  return next;
}

const withoutMeta = (o: KubeObject): Record<string, unknown> => {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
};
const comparable = (o: KubeObject): unknown => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });

/** Admits and stores `next` in place of `current`; shared by update and patch. */
export function writeOver(t: WriteTarget, current: KubeObject, incoming: KubeObject, subresource: string | undefined): WriteResult {
  const sentVersion = incoming.metadata.resourceVersion;
  if (sentVersion !== undefined && sentVersion !== '' && sentVersion !== current.metadata.resourceVersion) {
    throw conflict(t.resource, current.metadata.name);
  }
  const next = admitObject(t.resource, merged(t, current, incoming, subresource), current);
  if (isDeepStrictEqual(comparable(next), comparable(current))) return { code: 200, body: current };
  if (t.resource.tracksGeneration && subresource === undefined && !isDeepStrictEqual(withoutMeta(next), withoutMeta(current))) {
    next.metadata.generation = (current.metadata.generation ?? 0) + 1;
  }
  const id = resourceId(t.resource);
  const finished = current.metadata.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0;
  return { code: 200, body: t.store.commit(id, finished ? 'DELETED' : 'MODIFIED', next) };
}

/** PUT on an object or its status. */
export function updateObject(t: WriteTarget, name: string, body: unknown, subresource: string | undefined): WriteResult {
  const incoming = asObject(body);
  if (incoming.metadata.name !== undefined && incoming.metadata.name !== name) {
    throw badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`);
  }
  const current = currentObject(t, name);
  const sent = incoming.metadata.resourceVersion;
  if (t.resource.custom && (sent === undefined || sent === '')) {
    throw invalid(t.resource, name, [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' }]);
  }
  return writeOver(t, current, incoming, subresource);
}

interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

function checkPreconditions(t: WriteTarget, current: KubeObject, options: DeleteOptions): void {
  const p = options.preconditions;
  if (p?.uid !== undefined && p.uid !== current.metadata.uid) {
    throw conflict(t.resource, current.metadata.name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (p?.resourceVersion !== undefined && p.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      t.resource,
      current.metadata.name,
      `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
}

/** DELETE on an object: graceful while finalizers remain, immediate otherwise. */
export function deleteObject(t: WriteTarget, name: string, body: unknown): WriteResult {
  const current = currentObject(t, name);
  checkPreconditions(t, current, (body ?? {}) as DeleteOptions);
  const id = resourceId(t.resource);
  if ((current.metadata.finalizers ?? []).length > 0) {
    if (current.metadata.deletionTimestamp !== undefined) return { code: 200, body: current };
    const marked = structuredClone(current);
    marked.metadata.deletionTimestamp = metaTime(t.now());
    marked.metadata.deletionGracePeriodSeconds = 0;
    return { code: 200, body: t.store.commit(id, 'MODIFIED', marked) };
  }
  const deleted = t.store.commit(id, 'DELETED', current);
  if (t.resource.custom) return { code: 200, body: deleted };
  return { code: 200, body: success({ name, group: t.resource.group, kind: t.resource.plural, uid: current.metadata.uid }) };
}
