import type { SyncServerClient } from './sync-server-client.ts';

/**
 * Which TractRepo this clone is (docs/controller-api.md "How the CLI finds its repo"): `sync.repo`
 * when configured, else the repo whose `gitUrl` equals the clone's `origin` URL, compared after
 * dropping a trailing `/` and `.git` (and any credentials).
 */
export async function resolveSyncRepo(
  client: Pick<SyncServerClient, 'fetchRepos'>,
  configured: string | undefined,
  originUrl: string | undefined,
): Promise<string | undefined> {
  if (configured !== undefined) return configured;
  if (originUrl === undefined) return undefined;
  const wanted = normaliseGitUrl(originUrl);
  const repos = await client.fetchRepos();
  const match = repos.find((repo) => normaliseGitUrl(repo.gitUrl) === wanted);
  return match === undefined ? undefined : `${match.namespace}/${match.name}`;
}

export function normaliseGitUrl(url: string): string {
  return url
    .trim()
    // A local path and its file:// URL name the same repository.
    .replace(/^file:\/\//, '')
    .replace(/\/\/[^@/]*@/, '//')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
}
