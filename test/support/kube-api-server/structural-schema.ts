/**
 * Pruning and defaulting of a custom resource by its structural schema, as the API server does it on
 * every request body and on every read (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning
 * and /defaulting):
 * - unknown fields are dropped, except under `x-kubernetes-preserve-unknown-fields: true`;
 * - a missing field with a `default` gets a copy of it, and defaulting goes on inside that copy;
 * - a `null` in a non-nullable field is replaced by its default, or dropped when there is none.
 * `metadata`, `apiVersion` and `kind` at the root are left alone (ObjectMeta has its own rules).
 */

export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** The subset of apiextensions/v1 JSONSchemaProps a structural schema uses. */
export interface JsonSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchemaProps>;
  additionalProperties?: JsonSchemaProps | boolean;
  items?: JsonSchemaProps;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: CelRule[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ROOT_META = new Set(['apiVersion', 'kind', 'metadata']);

function pruneObject(value: Record<string, unknown>, schema: JsonSchemaProps, isRoot: boolean): void {
  const props = schema.properties ?? {};
  const extra = schema.additionalProperties;
  for (const key of Object.keys(value)) {
    if (isRoot && ROOT_META.has(key)) continue;
    const sub = props[key] ?? (isObject(extra) ? extra : undefined);
    if (sub !== undefined) {
      value[key] = pruneAndDefault(value[key], sub);
    } else if (!schema['x-kubernetes-preserve-unknown-fields'] && extra !== true) {
      delete value[key];
    }
  }
}

function applyFieldDefaults(value: Record<string, unknown>, schema: JsonSchemaProps): void {
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const current = value[key];
    if (sub.default !== undefined && (current === undefined || (current === null && sub.nullable !== true))) {
      value[key] = structuredClone(sub.default);
    } else if (current === null && sub.nullable !== true) {
      delete value[key];
    }
  }
}

/**
 * Returns `value` pruned and defaulted in place (objects and arrays are mutated; pass a copy).
 * Defaults come first so that defaulted objects are defaulted and pruned inside too.
 */
export function pruneAndDefault(value: unknown, schema: JsonSchemaProps, isRoot = false): unknown {
  if (isObject(value) && (schema.type === 'object' || schema.properties !== undefined || isRoot)) {
    applyFieldDefaults(value, schema);
    pruneObject(value, schema, isRoot);
  } else if (Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items;
    return value.map((item) => pruneAndDefault(item, items));
  }
  return value;
}

/** The schema of `status` (or undefined), for the status subresource. */
export function subSchema(schema: JsonSchemaProps, field: string): JsonSchemaProps | undefined {
  return schema.properties?.[field];
}
