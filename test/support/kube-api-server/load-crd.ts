/**
 * Reads CustomResourceDefinition manifests (the project's `crds/` folder) into resource types with
 * compiled schema checks, as the API server does when a CRD is installed. Only the storage version is
 * served, which is all a single-version CRD has.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { CelValidator } from './cel-validator.ts';
import type { ResourceType } from './resource-types.ts';
import { compileSchema } from './schema-validator.ts';
import type { JsonSchemaProps } from './structural-schema.ts';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  subresources?: { status?: object };
  schema?: { openAPIV3Schema?: JsonSchemaProps };
}

interface Crd {
  kind?: string;
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; listKind?: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions: CrdVersion[];
  };
}

/** The CRD's storage version as a resource type. */
export function crdToResourceType(crd: Crd): ResourceType {
  const version = crd.spec.versions.find((v) => v.storage === true) ?? crd.spec.versions[0];
  const schema = version?.schema?.openAPIV3Schema;
  if (version === undefined || schema === undefined) throw new Error(`CRD ${crd.spec.names.plural}.${crd.spec.group} has no schema`);
  const names = crd.spec.names;
  return {
    group: crd.spec.group,
    version: version.name,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    namespaced: crd.spec.scope === 'Namespaced',
    ...(names.shortNames === undefined ? {} : { shortNames: names.shortNames }),
    ...(names.categories === undefined ? {} : { categories: names.categories }),
    statusSubresource: version.subresources?.status !== undefined,
    tracksGeneration: true,
    custom: true,
    customSchema: { schema, validate: compileSchema(schema), cel: new CelValidator(schema) },
  };
}

/** Every CRD in the YAML files at `paths` (multi-document files allowed). */
export async function loadCrds(paths: string[]): Promise<ResourceType[]> {
  const types: ResourceType[] = [];
  for (const path of paths) {
    const docs = parseAllDocuments(await readFile(path, 'utf8'));
    for (const doc of docs) {
      const crd = doc.toJS() as Crd | null;
      if (crd?.kind === 'CustomResourceDefinition') types.push(crdToResourceType(crd));
    }
  }
  return types;
}

/** `crds/tractrepos.tract.dev.yaml` of this checkout. */
export const TRACT_REPO_CRD_PATH = new URL('../../../crds/tractrepos.tract.dev.yaml', import.meta.url).pathname;
