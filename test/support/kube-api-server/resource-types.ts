/**
 * The resources the test server serves and how each behaves. Built-in kinds are described here;
 * custom resources come from CRD files (load-crd.ts), with their schema, validation and defaulting.
 */
import type { ValidateFunction } from 'ajv';
import type { CelValidator } from './cel-validator.ts';
import type { JsonSchemaProps } from './structural-schema.ts';

/** What a CRD version contributes: its schema and the compiled checks. */
export interface CustomSchema {
  schema: JsonSchemaProps;
  validate: ValidateFunction;
  cel: CelValidator;
}

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a `/status` subresource: main writes keep the old status, status writes keep everything else. */
  statusSubresource: boolean;
  /** `metadata.generation` starts at 1 and bumps on every change outside metadata and status. */
  tracksGeneration: boolean;
  /**
   * A custom resource: strategic merge patch is refused (415), an update must name a resourceVersion,
   * and DELETE answers with the object rather than a Status.
   */
  custom: boolean;
  customSchema?: CustomSchema;
}

/** `secrets`, `tractrepos.tract.dev`: how tests and the store name a resource. */
export function resourceId(r: Pick<ResourceType, 'group' | 'plural'>): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

export function apiVersionOf(r: Pick<ResourceType, 'group' | 'version'>): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

const builtin = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  group,
  version,
  plural,
  singular: kind.toLowerCase(),
  kind,
  listKind: `${kind}List`,
  namespaced,
  statusSubresource: false,
  tracksGeneration: false,
  custom: false,
  ...extra,
});

/** Core and group resources the controller uses: Secrets, Events (both APIs), Leases, Namespaces, ConfigMaps. */
export function builtinResourceTypes(): ResourceType[] {
  return [
    builtin('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], statusSubresource: true }),
    builtin('', 'v1', 'Secret', 'secrets', true),
    builtin('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
    builtin('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
    builtin('events.k8s.io', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
    builtin('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  ];
}
