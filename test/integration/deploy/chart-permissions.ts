/** RBAC's unit, `group/resource[/subresource]:verb`, as the chart grants it and as a request needs it. */
import type { KubeObject } from './validate-manifests.ts';

export type Permission = string;

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** What the rendered roles of `kinds` grant (the aggregated tractrepo-editor/viewer ClusterRoles left out). */
export function permissionsOf(objects: readonly KubeObject[], kinds: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of objects.filter((o) => kinds.includes(o.kind) && !(o.metadata?.name ?? '').includes('tractrepo-'))) {
    for (const rule of (role as unknown as { rules: Rule[] }).rules) {
      for (const group of rule.apiGroups) for (const resource of rule.resources) for (const verb of rule.verbs) out.add(`${group}/${resource}:${verb}`);
    }
  }
  return out;
}

/** `tractrepos.tract.dev` + `status` → `tract.dev/tractrepos/status`. */
export function permissionOf(entry: { resource?: string; subresource?: string; verb?: string }): Permission {
  const [resource, ...group] = (entry.resource ?? '?').split('.');
  return `${group.join('.')}/${resource}${entry.subresource ? `/${entry.subresource}` : ''}:${entry.verb ?? '?'}`;
}
