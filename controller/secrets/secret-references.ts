/**
 * Which Secrets a TractRepo references, and which TractRepos a Secret change concerns
 * (docs/operator.md, "Secret watch"; docs/to-jira.md, "Retries"). A TractRepo only references Secrets of its own namespace: the Jira
 * credentials (`spec.jira.secretRef`), the git credentials (`spec.git.secretRef`), the webhook secrets
 * (`spec.webhook.secretRef`) and the authors' personal tokens (`spec.authors[].tokenSecretRef`). Pure.
 */
import type { TractRepo } from '../api/tract-repo.ts';
import type { RepoKey } from '../api/ports.ts';
import { repoKey } from '../api/ports.ts';

/** The names of the Secrets `repo` reads, in its namespace. Tolerates a partial spec (any field may be missing). */
export function referencedSecretNames(repo: TractRepo): Set<string> {
  const spec: Partial<TractRepo['spec']> = repo.spec ?? {};
  const refs = [spec.jira?.secretRef, spec.git?.secretRef, spec.webhook?.secretRef, ...(spec.authors ?? []).map((a) => a.tokenSecretRef)];
  return new Set(refs.map((ref) => ref?.name).filter((name): name is string => typeof name === 'string' && name !== ''));
}

/** The namespace a TractRepo lives in (and reads its Secrets from). */
export function repoNamespace(repo: TractRepo): string {
  return repo.metadata.namespace ?? 'default';
}

/**
 * The keys of the TractRepos that read Secret `namespace/name`; with `namespace` undefined, Secret `name`
 * of any namespace (standalone mode has one set of Secrets for all).
 */
export function reposReferencingSecret(repos: Iterable<TractRepo>, namespace: string | undefined, name: string): RepoKey[] {
  const keys: RepoKey[] = [];
  for (const repo of repos) {
    if ((namespace === undefined || repoNamespace(repo) === namespace) && referencedSecretNames(repo).has(name)) keys.push(repoKey(repo));
  }
  return keys;
}

/** The namespaces whose Secrets matter: those holding at least one TractRepo that references a Secret. */
export function namespacesWithSecretRefs(repos: Iterable<TractRepo>): Set<string> {
  const namespaces = new Set<string>();
  for (const repo of repos) if (referencedSecretNames(repo).size > 0) namespaces.add(repoNamespace(repo));
  return namespaces;
}
