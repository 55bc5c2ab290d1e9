/**
 * Label and field selectors as the API server parses them (k8s.io/apimachinery/pkg/labels,
 * pkg/fields): `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma-separated (AND).
 */
import { badRequest } from './kube-status.ts';

export type LabelRequirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

export interface ObjectWithMeta {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

const SET_TERM = /^([A-Za-z0-9._/-]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQ_TERM = /^([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/;
const EXISTS_TERM = /^(!?)\s*([A-Za-z0-9._/-]+)$/;

function parseTerm(term: string): LabelRequirement {
  const set = SET_TERM.exec(term);
  if (set !== null) {
    const values = set[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '');
    return { op: set[2] === 'in' ? 'in' : 'notin', key: set[1]!, values };
  }
  const eq = EQ_TERM.exec(term);
  if (eq !== null) return { op: eq[2] === '!=' ? 'neq' : 'eq', key: eq[1]!, value: eq[3]! };
  const exists = EXISTS_TERM.exec(term);
  if (exists !== null) return { op: exists[1] === '!' ? 'notexists' : 'exists', key: exists[2]! };
  throw badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
}

export function parseLabelSelector(selector: string | null | undefined): LabelRequirement[] {
  if (selector === null || selector === undefined) return [];
  return splitTerms(selector).map(parseTerm);
}

function matchesRequirement(labels: Record<string, string>, r: LabelRequirement): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.op) {
    case 'eq':
      return value === r.value;
    case 'neq':
      return value !== r.value;
    case 'in':
      return has && r.values.includes(value!);
    case 'notin':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case 'notexists':
      return !has;
  }
}

export function matchesLabels(obj: ObjectWithMeta, requirements: LabelRequirement[]): boolean {
  const labels = obj.metadata?.labels ?? {};
  return requirements.every((r) => matchesRequirement(labels, r));
}

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

const SUPPORTED_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Field selectors on `metadata.name` and `metadata.namespace` (the ones every resource supports). */
export function parseFieldSelector(selector: string | null | undefined): FieldRequirement[] {
  if (selector === null || selector === undefined) return [];
  return splitTerms(selector).map((term) => {
    const m = /^([A-Za-z0-9.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m === null) throw badRequest(`invalid selector: '${term}'; can't understand '${term}'`);
    const field = m[1]!;
    if (!SUPPORTED_FIELDS.includes(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    return { field, value: m[3]!, negate: m[2] === '!=' };
  });
}

export function matchesFields(obj: ObjectWithMeta, requirements: FieldRequirement[]): boolean {
  return requirements.every((r) => {
    const actual = r.field === 'metadata.name' ? obj.metadata?.name : obj.metadata?.namespace;
    return (actual === r.value) !== r.negate;
  });
}
