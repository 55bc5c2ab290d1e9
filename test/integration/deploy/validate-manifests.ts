/**
 * Validates rendered Kubernetes objects against the Kubernetes API schemas, two ways:
 * - kubernetes-models' validators (ajv, compiled from the Kubernetes 1.3x OpenAPI; prometheus-operator's
 *   CRDs from @kubernetes-models/prometheus-operator): types, required fields, enums, formats;
 * - the same package's TypeScript interfaces through the compiler: an object literal typed as
 *   `IDeployment` fails on any field the API does not have (the OpenAPI schemas allow unknown fields,
 *   which the API server then rejects under kubectl's default `--validate=strict`).
 * An apiVersion/kind missing from the table is itself a problem, so nothing goes unchecked.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  [key: string]: unknown;
}

const HERE = dirname(fileURLToPath(import.meta.url));

function moduleOf(apiVersion: string): string | undefined {
  if (apiVersion === 'v1') return 'kubernetes-models/v1';
  if (apiVersion === 'monitoring.coreos.com/v1') return '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
  if (/^[a-z0-9.]+\/v\d+((alpha|beta)\d+)?$/.test(apiVersion)) return `kubernetes-models/${apiVersion}`;
  return undefined;
}

const label = (o: KubeObject): string => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '?'}`;

/** Runtime validation; one line per problem. */
export async function validateWithModels(objects: readonly KubeObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const module = moduleOf(object.apiVersion);
    const exports = module ? ((await import(module).catch(() => ({}))) as Record<string, unknown>) : {};
    const Model = exports[object.kind] as (new (data: unknown) => { validate(): void }) | undefined;
    if (!Model) {
      problems.push(`${label(object)}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (err) {
      problems.push(`${label(object)}: ${(err as Error).message}`);
    }
  }
  return problems;
}

/** Compile-time validation of unknown fields; one line per TypeScript diagnostic. */
export function typecheckManifests(objects: readonly KubeObject[]): string[] {
  const file = join(HERE, '__rendered-manifests__.ts');
  const imports = new Map<string, Set<string>>();
  const lines = objects.map((object, index) => {
    const module = moduleOf(object.apiVersion) ?? 'unknown-module';
    imports.set(module, (imports.get(module) ?? new Set()).add(`I${object.kind}`));
    return `// ${label(object)}\nexport const o${index}: I${object.kind} = ${JSON.stringify(object)};`;
  });
  const header = [...imports].map(([module, names]) => `import type { ${[...names].join(', ')} } from '${module}';`);
  const source = [...header, ...lines].join('\n');
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const object = where >= 0 ? source.split('\n').slice(0, where + 1).reverse().find((l) => l.startsWith('// ')) : undefined;
    return `${object?.slice(3) ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
