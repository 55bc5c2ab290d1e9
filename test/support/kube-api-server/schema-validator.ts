/**
 * OpenAPI v3 validation of a custom resource against its CRD schema (ajv 8 underneath), with every
 * failure turned into a Kubernetes `StatusCause` worded like kube-openapi's validator
 * (`spec.sync.batchSize: Invalid value: 101: spec.sync.batchSize in body should be less than or equal to 100`).
 * Also checks what JSON Schema cannot say: `x-kubernetes-list-type` set and map uniqueness.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isDeepStrictEqual } from 'node:util';
import type { StatusCause } from './kube-status.ts';
import type { JsonSchemaProps } from './structural-schema.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Turns `x-kubernetes-int-or-string` into a JSON Schema union; the rest of the k8s keywords ajv ignores. */
function toAjvSchema(schema: JsonSchemaProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-') || key === 'default' || key === 'description') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchemaProps>).map(([k, v]) => [k, toAjvSchema(v)]));
    } else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') {
      out[key] = toAjvSchema(value as JsonSchemaProps);
    } else {
      out[key] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true) out.type = ['integer', 'string'];
  return out;
}

export function compileSchema(schema: JsonSchemaProps): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'password']) ajv.addFormat(format, true);
  return ajv.compile(toAjvSchema(schema));
}

/** `/spec/authors/1/name` → `spec.authors[1].name`, using the document to tell indexes from keys. */
export function fieldPath(doc: unknown, pointer: string): string {
  let node = doc;
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      path += `[${token}]`;
      node = node[Number(token)];
    } else {
      path += path === '' ? token : `.${token}`;
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[token] : undefined;
    }
  }
  return path;
}

/** How Go's `%v`/`%q` would show a value in a field error. */
export function showValue(value: unknown): string {
  // kube-apiserver 1.35 prints values as JSON (before: Go syntax, `map[string]interface {}{…}`).
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** How kube-apiserver names a value's type in a type error: `"string"`, `"object"`, … */
function typeName(value: unknown): string {
  if (Array.isArray(value)) return '"array"';
  if (value === null) return '"null"';
  return JSON.stringify(typeof value);
}

type Params = Record<string, unknown>;

function causeFor(err: ErrorObject, doc: unknown): StatusCause {
  const field = fieldPath(doc, err.instancePath);
  const p = err.params as Params;
  const shown = showValue(err.data);
  const invalidValue = (text: string): StatusCause => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${field} in body ${text}`, field });
  switch (err.keyword) {
    case 'required':
      return { reason: 'FieldValueRequired', message: 'Required value', field: field === '' ? String(p.missingProperty) : `${field}.${String(p.missingProperty)}` };
    case 'type':
      return { reason: 'FieldValueTypeInvalid', message: `Invalid value: ${typeName(err.data)}: ${field} in body must be of type ${[p.type].flat().join(',')}: ${typeName(err.data)}`, field };
    case 'enum':
      return { reason: 'FieldValueNotSupported', message: `Unsupported value: ${shown}: supported values: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, field };
    case 'maximum':
      return invalidValue(`should be less than or equal to ${String(p.limit)}`);
    case 'minimum':
      return invalidValue(`should be greater than or equal to ${String(p.limit)}`);
    case 'pattern':
      return invalidValue(`should match '${String(p.pattern)}'`);
    case 'maxLength':
      return { reason: 'FieldValueTooLong', message: `Too long: may not be more than ${String(p.limit)} bytes`, field };
    case 'minLength':
      return invalidValue(`should be at least ${String(p.limit)} chars long`);
    case 'maxItems':
      return { reason: 'FieldValueTooMany', message: `Too many: ${(err.data as unknown[]).length}: must have at most ${String(p.limit)} items`, field };
    case 'minItems':
      return invalidValue(`should have at least ${String(p.limit)} items`);
    case 'format':
      return invalidValue(`must be of type ${String(p.format)}: ${shown}`);
    default:
      return invalidValue(err.message ?? err.keyword);
  }
}

function duplicates(items: unknown[], schema: JsonSchemaProps): number[] {
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const identity = (item: unknown): unknown =>
    schema['x-kubernetes-list-type'] === 'map' && typeof item === 'object' && item !== null
      ? keys.map((k) => (item as Record<string, unknown>)[k])
      : item;
  const seen: unknown[] = [];
  const dupes: number[] = [];
  items.forEach((item, i) => {
    const id = identity(item);
    if (seen.some((s) => isDeepStrictEqual(s, id))) dupes.push(i);
    else seen.push(id);
  });
  return dupes;
}

/** `x-kubernetes-list-type: set|map` uniqueness, anywhere in the document. */
export function checkListTypes(value: unknown, schema: JsonSchemaProps, path: string): StatusCause[] {
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    // For map lists the API server names the duplicate by its keys only.
    const shown = (item: unknown): unknown =>
      listType === 'map' && typeof item === 'object' && item !== null ? Object.fromEntries(keys.map((k) => [k, (item as Record<string, unknown>)[k]])) : item;
    const own = listType === 'set' || listType === 'map'
      ? duplicates(value, schema).map((i): StatusCause => ({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${showValue(shown(value[i]))}`, field: `${path}[${i}]` }))
      : [];
    const items = schema.items;
    const nested = items === undefined ? [] : value.flatMap((item, i) => checkListTypes(item, items, `${path}[${i}]`));
    return [...own, ...nested];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    return sub === undefined ? [] : checkListTypes(child, sub, path === '' ? key : `${path}.${key}`);
  });
}

/** Every schema problem of `doc`, as Status causes (empty when valid). */
export function validateAgainstSchema(validate: ValidateFunction, schema: JsonSchemaProps, doc: unknown): StatusCause[] {
  const causes = validate(doc) ? [] : (validate.errors ?? []).map((e) => causeFor(e, doc));
  return [...causes, ...checkListTypes(doc, schema, '')];
}
