/**
 * `x-kubernetes-validations` (CEL) as the API server evaluates them, on @marcbachmann/cel-js (see
 * docs/tractrepo.md ("Kubernetes API test server") for the choice): a rule runs wherever its field is present, with `self` the
 * field's value; a transition rule (one that mentions `oldSelf`) runs only on update and only where the
 * old object had a value at the same place (properties by name, `listType: map` items by key).
 * Integers reach CEL as `int` (BigInt), as in Kubernetes.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { StatusCause } from './kube-status.ts';
import { showValue } from './schema-validator.ts';
import type { CelRule, JsonSchemaProps } from './structural-schema.ts';

type Program = ReturnType<Environment['parse']>;

export class CelValidator {
  private readonly env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
  private readonly programs = new Map<string, Program>();

  /** Parses every rule of `schema` once, so a broken rule fails at startup like a CRD would be refused. */
  constructor(schema: JsonSchemaProps) {
    this.compileAll(schema);
  }

  private compileAll(schema: JsonSchemaProps): void {
    for (const rule of schema['x-kubernetes-validations'] ?? []) {
      this.program(rule.rule);
      if (rule.messageExpression !== undefined) this.program(rule.messageExpression);
    }
    for (const sub of Object.values(schema.properties ?? {})) this.compileAll(sub);
    if (schema.items !== undefined) this.compileAll(schema.items);
    if (typeof schema.additionalProperties === 'object') this.compileAll(schema.additionalProperties);
  }

  private program(expression: string): Program {
    let program = this.programs.get(expression);
    if (program === undefined) {
      program = this.env.parse(expression);
      this.programs.set(expression, program);
    }
    return program;
  }

  /** Whether the schema has any rule (kube-apiserver has no CEL validator otherwise). */
  get hasRules(): boolean {
    return this.programs.size > 0;
  }

  /** Every failed rule under `path`; `old` is the previous value on update (undefined on create). */
  validate(value: unknown, old: unknown, schema: JsonSchemaProps, path: string): StatusCause[] {
    const own = (schema['x-kubernetes-validations'] ?? []).flatMap((rule) => this.runRule(rule, value, old, schema, path));
    return [...own, ...this.validateChildren(value, old, schema, path)];
  }

  private validateChildren(value: unknown, old: unknown, schema: JsonSchemaProps, path: string): StatusCause[] {
    if (Array.isArray(value)) {
      const items = schema.items;
      if (items === undefined) return [];
      return value.flatMap((item, i) => this.validate(item, correlateItem(item, old, schema), items, `${path}[${i}]`));
    }
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([key, child]) => {
      const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (sub === undefined) return [];
      const oldChild = typeof old === 'object' && old !== null && !Array.isArray(old) ? (old as Record<string, unknown>)[key] : undefined;
      return this.validate(child, oldChild, sub, path === '' ? key : `${path}.${key}`);
    });
  }

  private runRule(rule: CelRule, value: unknown, old: unknown, schema: JsonSchemaProps, path: string): StatusCause[] {
    const isTransition = /\boldSelf\b/.test(rule.rule);
    if (isTransition && old === undefined && rule.optionalOldSelf !== true) return [];
    const vars = { self: toCel(value, schema), oldSelf: old === undefined ? null : toCel(old, schema) };
    let ok: unknown;
    try {
      ok = this.program(rule.rule)(vars);
    } catch (err) {
      // kube-apiserver names the rule by its message when it has one.
      return [{ reason: 'FieldValueInvalid', message: `Invalid value: "${schema.type ?? ''}": ${(err as Error).message.split('\n')[0]} evaluating rule: ${rule.message ?? rule.rule}`, field: path }];
    }
    if (ok === true) return [];
    return [this.cause(rule, vars, value, path)];
  }

  private cause(rule: CelRule, vars: Record<string, unknown>, value: unknown, path: string): StatusCause {
    const text = rule.messageExpression !== undefined ? String(this.program(rule.messageExpression)(vars)) : (rule.message ?? `failed rule: ${rule.rule}`);
    const field = rule.fieldPath === undefined ? path : `${path}${rule.fieldPath}`;
    const reason = rule.reason ?? 'FieldValueInvalid';
    const prefix: Record<string, string> = {
      FieldValueRequired: 'Required value',
      FieldValueForbidden: 'Forbidden',
      FieldValueDuplicate: 'Duplicate value',
    };
    // kube-apiserver 1.35 shows a scalar's value and leaves an object's or a list's out.
    const shown = typeof value === 'object' && value !== null ? '' : `${showValue(value)}: `;
    const message = prefix[reason] === undefined ? `Invalid value: ${shown}${text}` : `${prefix[reason]}: ${text}`;
    return { reason, message, field };
  }
}

/** The old item a new `listType: map` item corresponds to (same keys); other lists do not correlate. */
function correlateItem(item: unknown, old: unknown, schema: JsonSchemaProps): unknown {
  if (!Array.isArray(old) || schema['x-kubernetes-list-type'] !== 'map') return undefined;
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const key = (o: unknown): string => JSON.stringify(keys.map((k) => (o as Record<string, unknown> | null)?.[k]));
  return old.find((o) => key(o) === key(item));
}

/** JSON → CEL values: schema integers (and int-or-string numbers) become BigInt. */
function toCel(value: unknown, schema: JsonSchemaProps | undefined): unknown {
  if (typeof value === 'number' && (schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true) && Number.isInteger(value)) {
    return BigInt(value);
  }
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  if (typeof value === 'object' && value !== null) {
    const extra = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v, schema?.properties?.[k] ?? extra)]));
  }
  return value;
}
