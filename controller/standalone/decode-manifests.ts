/**
 * Decodes a standalone manifests file: multi-document YAML of TractRepo objects (`apiVersion:
 * tract.dev/v1alpha1`, `kind: TractRepo`; namespace `default` when absent). Problems are collected with
 * file, line, expected and found. A problem with the file itself (YAML syntax, another kind, a missing
 * or repeated name) makes the whole file unusable; a spec problem only makes that one TractRepo
 * invalid: it is listed, Stalled with reason InvalidSpec, and the others run.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { applyDefaults } from '../api/apply-defaults.ts';
import { API_VERSION, KIND } from '../api/tract-repo.ts';
import type { TractRepo, TractRepoSpecInput } from '../api/tract-repo.ts';
import type { FieldProblem } from './validate-tract-repo.ts';

export interface ManifestProblem {
  file: string;
  line: number;
  expected: string;
  found: string;
  message: string;
}

export interface DecodedManifests {
  repos: TractRepo[];
  /** Per `<ns>/<name>`: the spec problems, one line, for the Stalled condition. */
  invalid: Map<string, string>;
  /** Problems that make the file unusable. */
  problems: ManifestProblem[];
  /** Spec problems, with lines, for the log. */
  specProblems: ManifestProblem[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function decodeManifests(text: string, file: string, validateSpec: (spec: unknown) => FieldProblem[]): DecodedManifests {
  const lines = new LineCounter();
  const out: DecodedManifests = { repos: [], invalid: new Map(), problems: [], specProblems: [] };
  const seen = new Set<string>();
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    const lineOf = (path: readonly (string | number)[]): number => lineAt(doc, lines, path);
    const problem: Report = (path, expected, found, message) => void out.problems.push({ file, line: lineOf(path), expected, found, message });
    if (doc.errors.length > 0) {
      out.problems.push(...doc.errors.map((err) => yamlProblem(file, err)));
      continue;
    }
    const value: unknown = doc.toJS();
    if (value == null) continue;
    const repo = decodeObject(value, problem);
    if (!repo) continue;
    const key = `${repo.metadata.namespace}/${repo.metadata.name}`;
    if (seen.has(key)) {
      problem(['metadata', 'name'], 'one manifest per TractRepo', `a second ${key}`, `TractRepo ${key} is defined twice`);
      continue;
    }
    seen.add(key);
    checkSpec(key, validateSpec((value as { spec?: unknown }).spec), { file, lineOf, out });
    out.repos.push(repo);
  }
  return out;
}

function checkSpec(key: string, problems: FieldProblem[], at: { file: string; lineOf: (path: readonly (string | number)[]) => number; out: DecodedManifests }): void {
  if (problems.length === 0) return;
  at.out.invalid.set(key, problems.map((p) => `${p.field}: expected ${p.expected}, found ${p.found}`).join('; '));
  for (const p of problems) {
    at.out.specProblems.push({ file: at.file, line: at.lineOf(['spec', ...pointerPath(p.pointer)]), expected: p.expected, found: p.found, message: `TractRepo ${key}: ${p.field}` });
  }
}

type Report = (path: readonly (string | number)[], expected: string, found: string, message: string) => void;

interface RawObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
}

function decodeObject(value: unknown, problem: Report): TractRepo | undefined {
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem([], 'a TractRepo object', typeof value, 'each YAML document must be one TractRepo');
    return undefined;
  }
  const object = value as RawObject;
  if (object.apiVersion !== API_VERSION || object.kind !== KIND) {
    problem(['kind'], `apiVersion ${API_VERSION}, kind ${KIND}`, `${String(object.apiVersion)} ${String(object.kind)}`, 'only TractRepo manifests belong in this file');
    return undefined;
  }
  const identity = identityOf(object.metadata ?? {}, problem);
  if (!identity) return undefined;
  const { labels, annotations } = object.metadata ?? {};
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { ...identity, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
    spec: defaultedSpec(object.spec),
  };
}

function identityOf(metadata: NonNullable<RawObject['metadata']>, problem: Report): { name: string; namespace: string } | undefined {
  const { name, namespace = 'default' } = metadata;
  if (typeof name !== 'string' || !isDnsLabel(name)) {
    problem(['metadata', 'name'], 'a name of lower-case letters, digits and -', String(name), 'metadata.name is missing or invalid');
    return undefined;
  }
  if (typeof namespace !== 'string' || !isDnsLabel(namespace)) {
    problem(['metadata', 'namespace'], 'a namespace of lower-case letters, digits and -', String(namespace), 'metadata.namespace is invalid');
    return undefined;
  }
  return { name, namespace };
}

function isDnsLabel(text: string): boolean {
  return DNS_LABEL.test(text) && text.length <= 63;
}

function yamlProblem(file: string, err: { code: string; message: string; linePos?: [{ line: number }, ...unknown[]] }): ManifestProblem {
  return { file, line: err.linePos?.[0].line ?? 1, expected: 'valid YAML', found: err.code, message: err.message.split('\n')[0] ?? err.code };
}

/** Defaults applied even to an invalid spec, so that the API can still show what it can. */
function defaultedSpec(raw: unknown): TractRepo['spec'] {
  const spec = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<TractRepoSpecInput>;
  const git = typeof spec.git === 'object' && spec.git !== null ? spec.git : { url: '' };
  const jira = typeof spec.jira === 'object' && spec.jira !== null ? spec.jira : { url: '', secretRef: { name: '' } };
  return applyDefaults({ ...spec, git, jira } as TractRepoSpecInput);
}

function pointerPath(pointer: string): (string | number)[] {
  return pointer.split('/').slice(1).map((token) => (/^\d+$/.test(token) ? Number(token) : token.replaceAll('~1', '/').replaceAll('~0', '~')));
}

/** The 1-based line of the deepest node on `path` that exists. */
function lineAt(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}
