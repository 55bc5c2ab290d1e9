/**
 * What the API server does to an object between decoding and storing it: ObjectMeta checks for every
 * kind; for custom resources pruning, defaulting, OpenAPI schema validation and CEL rules; for Secrets
 * folding `stringData` into `data`. Problems are collected, never stopped at the first, and answered
 * as one 422 Invalid.
 */
import { invalid, type StatusCause } from './kube-status.ts';
import type { KubeObject } from './object-store.ts';
import type { ResourceType } from './resource-types.ts';
import { validateAgainstSchema } from './schema-validator.ts';
import { pruneAndDefault } from './structural-schema.ts';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function metadataCauses(object: KubeObject): StatusCause[] {
  const name = object.metadata.name;
  if (name === undefined || name === '') {
    return [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }];
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        field: 'metadata.name',
      },
    ];
  }
  return [];
}

function finalizerCauses(object: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (old?.metadata.deletionTimestamp === undefined) return [];
  const before = new Set(old.metadata.finalizers ?? []);
  const added = (object.metadata.finalizers ?? []).filter((f) => !before.has(f));
  if (added.length === 0) return [];
  return [
    {
      reason: 'FieldValueForbidden',
      message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
      field: 'metadata.finalizers',
    },
  ];
}

/** Schema problems after which kube-apiserver runs no CEL rule at all (apiextensions' hasBlockingErr). */
const BLOCKING = new Set(['FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid']);

/** kube-apiserver's cause for the CEL rules it skipped: it has no field (`<nil>`). */
const CEL_SKIPPED: StatusCause = {
  reason: 'FieldValueInvalid',
  message: 'Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
  field: '<nil>',
};

function customResourceCauses(resource: ResourceType, object: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const custom = resource.customSchema;
  if (custom === undefined) return [];
  const schemaCauses = validateAgainstSchema(custom.validate, custom.schema, object);
  // As kube-apiserver 1.35: a blocking problem anywhere skips every CEL rule; other problems (pattern,
  // minimum, …) do not, and CEL then runs on the same field too (docs/operator.md, double vs real).
  if (!custom.cel.hasRules) return schemaCauses;
  if (schemaCauses.some((c) => BLOCKING.has(c.reason))) return [...schemaCauses, CEL_SKIPPED];
  return [...schemaCauses, ...custom.cel.validate(object, old, custom.schema, '')];
}

function foldStringData(object: KubeObject): void {
  const stringData = object.stringData as Record<string, string> | undefined;
  if (stringData !== undefined) {
    const data = { ...(object.data as Record<string, string> | undefined) };
    for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(value, 'utf8').toString('base64');
    object.data = data;
    delete object.stringData;
  }
  object.type ??= 'Opaque';
}

/** Applies pruning, defaulting and kind-specific rules to `object` (in place) and throws 422 on problems. */
export function admitObject(resource: ResourceType, object: KubeObject, old: KubeObject | undefined): KubeObject {
  if (resource.customSchema !== undefined) pruneAndDefault(object, resource.customSchema.schema, true);
  if (resource.group === '' && resource.plural === 'secrets') foldStringData(object);
  const causes = [...metadataCauses(object), ...finalizerCauses(object, old), ...customResourceCauses(resource, object, old)];
  if (causes.length > 0) throw invalid(resource, object.metadata.name ?? '', causes);
  return object;
}
