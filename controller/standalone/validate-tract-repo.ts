/**
 * Standalone mode has no API server to validate TractRepo manifests, so it validates them the same way:
 * against the CRD's own openAPIV3Schema (`crds/tractrepos.tract.dev.yaml`, ajv, every problem
 * collected), plus the CRD's CEL rules re-stated here (no CEL engine at runtime). Unlike the API server,
 * which prunes unknown fields silently, an unknown spec field is a problem: in a hand-written file it
 * is nearly always a typo.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { durationMs } from '../api/duration-ms.ts';

export interface FieldProblem {
  /** `spec.sync.batchSize`. */
  field: string;
  /** JSON pointer, for finding the line. */
  pointer: string;
  expected: string;
  found: string;
}

type Schema = Record<string, unknown>;

const CRD_URL = new URL('../../crds/tractrepos.tract.dev.yaml', import.meta.url);

/** Compiles the spec schema once; validate many manifests with the result. */
export function compileSpecValidator(crdText = readFileSync(CRD_URL, 'utf8')): (spec: unknown) => FieldProblem[] {
  const crd = parseYaml(crdText) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } };
  const version = crd.spec.versions.find((v) => v.name === 'v1alpha1') ?? crd.spec.versions[0];
  const specSchema = (version?.schema.openAPIV3Schema.properties as Record<string, Schema> | undefined)?.spec;
  if (!specSchema) throw new Error('the TractRepo CRD has no spec schema');
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  const validate: ValidateFunction = ajv.compile(toJsonSchema(specSchema));
  return (spec) => {
    const problems = validate(spec) ? [] : (validate.errors ?? []).map((err) => problemOf(err, spec));
    return problems.length > 0 ? problems : celRules(spec as SpecShape);
  };
}

/** Kubernetes keywords → JSON Schema: int-or-string becomes a union, objects with properties are closed. */
function toJsonSchema(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!key.startsWith('x-kubernetes-') && key !== 'default' && key !== 'description') out[key] = convertKeyword(key, value);
  }
  if (schema['x-kubernetes-int-or-string'] === true) out.type = ['integer', 'string'];
  if (schema.properties && schema['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  return out;
}

function convertKeyword(key: string, value: unknown): unknown {
  if (key === 'properties') return Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, toJsonSchema(v)]));
  if (key === 'items' && typeof value === 'object') return toJsonSchema(value as Schema);
  return value;
}

function problemOf(err: ErrorObject, spec: unknown): FieldProblem {
  const params = err.params as Record<string, unknown>;
  const pointer = err.instancePath;
  const base = fieldOf(pointer, spec);
  const found = show(valueAt(spec, pointer));
  switch (err.keyword) {
    case 'required':
      return { field: join(base, String(params.missingProperty)), pointer, expected: 'a value (required)', found: 'nothing' };
    case 'additionalProperties':
      return { field: join(base, String(params.additionalProperty)), pointer: `${pointer}/${String(params.additionalProperty)}`, expected: 'a known field (see docs/tractrepo.md)', found: 'an unknown field' };
    case 'enum':
      return { field: base, pointer, expected: `one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`, found };
    case 'pattern':
      return { field: base, pointer, expected: `a value matching ${String(params.pattern)}`, found };
    default:
      return { field: base, pointer, expected: err.message ?? err.keyword, found };
  }
}

interface SpecShape {
  git?: { url?: string; path?: string; secretRef?: unknown };
  interval?: string;
  timeout?: string;
  jira?: { reconcileInterval?: string; hoursPerDay?: number | string };
  authors?: { accountId?: string; username?: string; email?: string }[];
}

type Rule = (spec: SpecShape) => Omit<FieldProblem, 'found'> & { found: unknown; ok: boolean };

/** The CRD's `x-kubernetes-validations`, in TypeScript. */
const CEL_RULES: readonly Rule[] = [
  ({ git }) => ({
    ok: !(git?.url ?? '').startsWith('ssh://') || git?.secretRef !== undefined,
    field: 'spec.git.secretRef', pointer: '/git', expected: 'a secretRef for an ssh:// URL (keys identity and known_hosts)', found: undefined,
  }),
  ({ git }) => ({ ok: !(git?.path ?? '').split('/').includes('..'), field: 'spec.git.path', pointer: '/git/path', expected: "a path inside the repository (no '..')", found: git?.path }),
  ({ interval }) => atLeastOneSecond('spec.interval', '/interval', interval),
  ({ timeout }) => atLeastOneSecond('spec.timeout', '/timeout', timeout),
  ({ jira }) => atLeastOneSecond('spec.jira.reconcileInterval', '/jira/reconcileInterval', jira?.reconcileInterval),
  ({ jira }) => {
    const hours = jira?.hoursPerDay;
    return { ok: hours === undefined || (Number(hours) >= 1 && Number(hours) <= 24), field: 'spec.jira.hoursPerDay', pointer: '/jira/hoursPerDay', expected: 'hours between 1 and 24', found: hours };
  },
];

function atLeastOneSecond(field: string, pointer: string, value: string | undefined): ReturnType<Rule> {
  return { ok: value === undefined || durationMs(value) >= 1000, field, pointer, expected: 'a duration of at least 1s', found: value };
}

function celRules(spec: SpecShape): FieldProblem[] {
  const checks = [...CEL_RULES.map((rule) => rule(spec)), ...(spec.authors ?? []).map((author, i) => ({
    ok: Boolean(author.accountId || author.username || author.email),
    field: `spec.authors[${i}]`, pointer: `/authors/${i}`, expected: 'accountId (Cloud), username (Data Center) or email', found: undefined,
  }))];
  return checks.filter((check) => !check.ok).map(({ field, pointer, expected, found }) => ({ field, pointer, expected, found: show(found) }));
}

function fieldOf(pointer: string, spec: unknown): string {
  let field = 'spec';
  let node = spec;
  for (const token of pointer.split('/').slice(1)) {
    field += Array.isArray(node) ? `[${token}]` : `.${token}`;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
  }
  return field;
}

function valueAt(spec: unknown, pointer: string): unknown {
  let node = spec;
  for (const token of pointer.split('/').slice(1)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
  return node;
}

function join(base: string, key: string): string {
  return `${base}.${key}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}
