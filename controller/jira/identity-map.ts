/**
 * The identity map of a TractRepo resolved against its Jira site (docs/from-jira.md "Authors"): an entry
 * with only an `email` is looked up with Jira's user search and the exact e-mail match gives its account
 * (Cloud `accountId`, Data Center `name`). Answers are cached per site and e-mail (found: an hour, not
 * found: five minutes); a failed lookup (credentials, network) is not cached and leaves the entry as
 * written. The result is used both ways — Jira → git attribution and Tract → Jira — and shown in
 * `status.authors`.
 */
import type { JiraUserRef, JiraWorklogs } from '../../shared/jira/jira-worklogs.ts';
import type { AuthorIdentity, AuthorStatus, JiraFlavor } from '../api/tract-repo.ts';

const FOUND_TTL_MS = 60 * 60_000;
const MISSING_TTL_MS = 5 * 60_000;

interface Cached {
  user: JiraUserRef | undefined;
  expiresAtMs: number;
}

export class IdentityCache {
  readonly #nowMs: () => number;
  readonly #entries = new Map<string, Cached>();

  constructor(nowMs: () => number) {
    this.#nowMs = nowMs;
  }

  /** The Jira user with exactly this e-mail, undefined when Jira has none; throws when Jira cannot answer. */
  async lookUp(jira: JiraWorklogs, email: string): Promise<JiraUserRef | undefined> {
    const key = `${jira.site}|${email.toLowerCase()}`;
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAtMs > this.#nowMs()) return cached.user;
    const found = await jira.fetchUsersByEmail(email);
    const user = found.find((u) => u.emailAddress?.toLowerCase() === email.toLowerCase()) ?? (found.length === 1 ? found[0] : undefined);
    this.#entries.set(key, { user, expiresAtMs: this.#nowMs() + (user ? FOUND_TTL_MS : MISSING_TTL_MS) });
    return user;
  }
}

export interface ResolvedAuthors {
  /** `spec.authors` with the accounts filled in from their e-mail. */
  authors: AuthorIdentity[];
  status: AuthorStatus[];
  /** Authors with only an e-mail that no Jira account has. */
  unknownToJira: Set<string>;
}

export async function resolveAuthors(authors: readonly AuthorIdentity[], flavor: JiraFlavor, jira: JiraWorklogs, cache: IdentityCache): Promise<ResolvedAuthors> {
  const resolved = await Promise.all(authors.map((author) => resolveOne(author, flavor, jira, cache)));
  const unknownToJira = new Set(resolved.filter((r) => r.missing).map((r) => r.author.name));
  return { authors: resolved.map((r) => r.author), status: resolved.map((r) => r.status), unknownToJira };
}

async function resolveOne(author: AuthorIdentity, flavor: JiraFlavor, jira: JiraWorklogs, cache: IdentityCache): Promise<{ author: AuthorIdentity; status: AuthorStatus; missing?: boolean }> {
  const given = flavor === 'cloud' ? author.accountId : author.username;
  if (given !== undefined) return { author, status: { name: author.name, ...account(flavor, given), resolvedFrom: 'spec' } };
  if (author.email === undefined) return { author, status: { name: author.name, resolvedFrom: 'none', message: 'no accountId, username or email' } };
  try {
    const user = await cache.lookUp(jira, author.email);
    const id = flavor === 'cloud' ? user?.accountId : user?.name;
    if (id === undefined) {
      return { author, status: { name: author.name, resolvedFrom: 'none', message: `no Jira account has the e-mail ${author.email}` }, missing: true };
    }
    return { author: { ...author, ...account(flavor, id) }, status: { name: author.name, ...account(flavor, id), resolvedFrom: 'email' } };
  } catch (err) {
    return { author, status: { name: author.name, resolvedFrom: 'none', message: `could not look up ${author.email} in Jira: ${(err as Error).message}` } };
  }
}

function account(flavor: JiraFlavor, id: string): { accountId: string } | { username: string } {
  return flavor === 'cloud' ? { accountId: id } : { username: id };
}
