/**
 * Reads every Secret a TractRepo references, on demand at each pass (no Secret cache to go stale), and
 * turns them into credentials. A missing Secret is worth retrying (someone may create it next):
 * TransientError `SecretNotFound`. A Secret without the keys the spec needs is a human's job:
 * ValidationError `SecretInvalid`. Every value read is added to the SecretMask before it is used.
 */
import { TransientError, ValidationError } from '../../shared/core/tract-error.ts';
import type { JiraAuth } from '../../shared/jira/jira-transport.ts';
import type { AuthorIdentity, LocalSecretRef, TractRepo } from '../api/tract-repo.ts';
import type { SecretReader } from '../api/ports.ts';
import type { SecretMask } from './secret-mask.ts';
import { secretValue } from './secret-value.ts';

/** Git credentials as the Secret holds them; ssh keys are written to files by the clone step. */
export type GitSecret =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'ssh'; identity: string; knownHosts: string };

export interface RepoSecrets {
  git?: GitSecret;
  /** The service account. */
  jira: JiraAuth;
  /** Personal tokens by tract author, as Jira auth. */
  authors: Map<string, JiraAuth>;
  /** `jiraSecret`: HMAC secret of Jira admin webhooks; `token`: the git push webhook secret. */
  webhook: { jiraSecret?: string; token?: string };
}

export async function resolveRepoSecrets(repo: TractRepo, reader: SecretReader, mask: SecretMask): Promise<RepoSecrets> {
  const namespace = repo.metadata.namespace ?? 'default';
  const fetch = async (ref: LocalSecretRef, purpose: string): Promise<Record<string, string>> => {
    const data = await reader.fetchSecret(namespace, ref.name);
    if (data === undefined) {
      throw new TransientError(`Secret ${namespace}/${ref.name} (${purpose}) not found: create it, the controller retries`, { reason: 'SecretNotFound' });
    }
    mask.add(...Object.values(data));
    return data;
  };
  const { spec } = repo;
  const jiraData = await fetch(spec.jira.secretRef, 'Jira credentials');
  const git = spec.git.secretRef ? gitSecret(await fetch(spec.git.secretRef, 'git credentials'), spec.git.secretRef.name) : undefined;
  const webhookData = spec.webhook ? await fetch(spec.webhook.secretRef, 'webhook secrets') : {};
  const authors = new Map<string, JiraAuth>();
  for (const author of spec.authors ?? []) {
    if (!author.tokenSecretRef) continue;
    const token = secretValue(await fetch(author.tokenSecretRef, `token of ${author.name}`), author.tokenSecretRef.key);
    if (!token) throw invalid(`Secret ${author.tokenSecretRef.name} has no key ${author.tokenSecretRef.key} (the personal token of ${author.name})`);
    authors.set(author.name, personalAuth(author, token, spec.jira.flavor));
  }
  return {
    ...(git ? { git } : {}),
    jira: jiraAuth(jiraData, spec.jira.secretRef.name, spec.jira.flavor),
    authors,
    webhook: { jiraSecret: secretValue(webhookData, 'jiraSecret'), token: secretValue(webhookData, 'token') },
  };
}

function jiraAuth(data: Record<string, string>, name: string, flavor: string): JiraAuth {
  const email = secretValue(data, 'email');
  const apiToken = secretValue(data, 'apiToken');
  const token = secretValue(data, 'token');
  if (flavor === 'cloud' && email && apiToken) return { type: 'basic', email, apiToken };
  if (token) return { type: 'bearer', token };
  const expected = flavor === 'cloud' ? 'email and apiToken' : 'token (a personal access token)';
  throw invalid(`Secret ${name} (Jira credentials) needs the keys ${expected}`);
}

function gitSecret(data: Record<string, string>, name: string): GitSecret {
  const [username, password, bearerToken] = [secretValue(data, 'username'), secretValue(data, 'password'), secretValue(data, 'bearerToken')];
  const [identity, knownHosts] = [secretValue(data, 'identity'), secretValue(data, 'known_hosts')];
  if (username && password) return { kind: 'basic', username, password };
  if (bearerToken) return { kind: 'bearer', token: bearerToken };
  if (identity && knownHosts) return { kind: 'ssh', identity, knownHosts };
  throw invalid(`Secret ${name} (git credentials) needs username and password, bearerToken, or identity and known_hosts`);
}

function personalAuth(author: AuthorIdentity, token: string, flavor: string): JiraAuth {
  if (flavor !== 'cloud') return { type: 'bearer', token };
  if (!author.email) throw invalid(`authors[${author.name}] has a Cloud API token but no email: Jira Cloud tokens are used with the account's email`);
  return { type: 'basic', email: author.email, apiToken: token };
}

function invalid(message: string): ValidationError {
  return new ValidationError(message, { reason: 'SecretInvalid' });
}
