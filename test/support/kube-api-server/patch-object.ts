/**
 * PATCH with the content types the API server accepts: `application/json-patch+json` (RFC 6902),
 * `application/merge-patch+json` (RFC 7386), `application/strategic-merge-patch+json` (built-in kinds
 * only; custom resources answer 415 like the real server) and `application/apply-patch+yaml`
 * (server-side apply, simplified: merged like a merge patch, no field ownership or apply conflicts).
 * A resourceVersion in the patched object is a precondition (409 on mismatch).
 */
import { parse as parseYaml } from 'yaml';
import { JsonPatchError, applyJsonPatch } from './json-patch.ts';
import { badRequest, invalid, unsupportedMediaType } from './kube-status.ts';
import { applyMergePatch } from './merge-patch.ts';
import type { KubeObject } from './object-store.ts';
import { createObject, currentObject, writeOver, type WriteResult, type WriteTarget } from './object-writes.ts';
import { resourceId } from './resource-types.ts';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

function patched(t: WriteTarget, current: KubeObject, contentType: string, raw: string): unknown {
  switch (contentType) {
    case JSON_PATCH:
      try {
        return applyJsonPatch(current, parseJson(raw));
      } catch (err) {
        if (!(err instanceof JsonPatchError)) throw err;
        throw invalid(t.resource, current.metadata.name, [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(raw)}: ${err.message}`, field: 'patch' }]);
      }
    case MERGE_PATCH:
    case STRATEGIC_MERGE_PATCH:
      // Strategic merge differs from merge patch only on lists with merge keys, which the
      // built-in kinds served here (Secrets, Leases, Events, ConfigMaps) do not have.
      return applyMergePatch(current, parseJson(raw));
    default:
      return applyMergePatch(current, parseYaml(raw) as unknown);
  }
}

function acceptedTypes(t: WriteTarget): string[] {
  return t.resource.custom ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH];
}

export interface PatchRequest {
  name: string;
  contentType: string;
  body: string;
  subresource: string | undefined;
  fieldManager: string | undefined;
}

export function patchObject(t: WriteTarget, p: PatchRequest): WriteResult {
  const contentType = (p.contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (!acceptedTypes(t).includes(contentType)) throw unsupportedMediaType(acceptedTypes(t));
  if (contentType === APPLY_PATCH) {
    if (p.fieldManager === undefined || p.fieldManager === '') throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    if (t.store.get(resourceId(t.resource), t.namespace, p.name) === undefined && p.subresource === undefined) {
      const object = parseYaml(p.body) as KubeObject;
      return createObject(t, { ...object, metadata: { ...object.metadata, name: p.name } });
    }
  }
  const current = currentObject(t, p.name);
  const result = patched(t, current, contentType, p.body);
  if (typeof result !== 'object' || result === null || Array.isArray(result)) throw badRequest('the patch did not result in an object');
  const next = result as KubeObject;
  next.metadata ??= current.metadata;
  if (next.metadata.name !== current.metadata.name) {
    throw badRequest(`the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${p.name})`);
  }
  return writeOver(t, current, next, p.subresource);
}
