/** The TractRepo CRD's schema, read from `crds/` for the tests that hold the TypeScript API to it. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { TRACT_REPO_CRD_PATH } from './load-crd.ts';
import type { JsonSchemaProps } from './structural-schema.ts';

export interface CrdDocument {
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; singular: string; listKind: string; shortNames: string[]; categories: string[] };
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      subresources?: { status?: object };
      additionalPrinterColumns: { name: string; type: string; jsonPath: string; priority?: number }[];
      schema: { openAPIV3Schema: JsonSchemaProps };
    }[];
  };
}

export const crd = parse(readFileSync(TRACT_REPO_CRD_PATH, 'utf8')) as CrdDocument;
export const version = crd.spec.versions[0]!;
export const rootSchema = version.schema.openAPIV3Schema;

export interface SchemaNode {
  path: string;
  schema: JsonSchemaProps;
}

/** Every schema node with its path (`spec.authors[].tokenSecretRef.key`). */
export function walkSchema(schema: JsonSchemaProps, path = ''): SchemaNode[] {
  const here: SchemaNode[] = [{ path, schema }];
  const props = Object.entries(schema.properties ?? {}).flatMap(([k, s]) => walkSchema(s, path === '' ? k : `${path}.${k}`));
  const items = schema.items === undefined ? [] : walkSchema(schema.items, `${path}[]`);
  return [...here, ...props, ...items];
}
