/**
 * Jira identity → tract author (docs/controller.md identity map, read backwards). Cloud worklogs name their author
 * by `accountId`, Data Center by `name` (docs/jira-api.md, "Identities and authentication"). Who a worklog is for, in order:
 * 1. the `author` of its `tract` property: the service account posted it for that tract user;
 * 2. the identity map entry whose `accountId` (Cloud) or `username` (Data Center) is the Jira author;
 * 3. otherwise the stable fallback `jira:<accountId>` (Data Center: `jira:<name>`), so the line is never
 *    attributed to the wrong person and can be mapped later by adding the identity to `spec.authors`.
 */
import type { JiraUserRef } from '../../shared/jira/jira-worklogs.ts';

/** The part of a TractRepo `spec.authors` entry the reverse mapping reads. */
export interface AuthorRef {
  name: string;
  accountId?: string;
  username?: string;
  /** IANA zone for records created from Jira. */
  timezone?: string;
}

export type JiraFlavor = 'cloud' | 'datacenter';

export interface ResolvedAuthor {
  author: string;
  /** True when the tract property named the author (the Jira author is then the service account). */
  onBehalf: boolean;
  /** The identity map's zone for this author, when it has one. */
  timezone?: string;
}

export const UNKNOWN_AUTHOR_PREFIX = 'jira:';

export class ReverseAuthorMap {
  readonly #flavor: JiraFlavor;
  readonly #byJiraId = new Map<string, AuthorRef>();
  readonly #byName = new Map<string, AuthorRef>();

  constructor(authors: readonly AuthorRef[], flavor: JiraFlavor) {
    this.#flavor = flavor;
    for (const author of authors) {
      this.#byName.set(author.name, author);
      const jiraId = flavor === 'cloud' ? author.accountId : author.username;
      if (jiraId !== undefined && !this.#byJiraId.has(jiraId)) this.#byJiraId.set(jiraId, author);
    }
  }

  resolve(user: JiraUserRef, propertyAuthor?: string): ResolvedAuthor {
    if (propertyAuthor !== undefined && propertyAuthor.trim() !== '') {
      return withZone(propertyAuthor, true, this.#byName.get(propertyAuthor));
    }
    const jiraId = this.#flavor === 'cloud' ? user.accountId : user.name;
    const mapped = jiraId === undefined ? undefined : this.#byJiraId.get(jiraId);
    if (mapped !== undefined) return withZone(mapped.name, false, mapped);
    return { author: `${UNKNOWN_AUTHOR_PREFIX}${jiraId ?? user.accountId ?? user.name ?? 'unknown'}`, onBehalf: false };
  }
}

function withZone(author: string, onBehalf: boolean, entry: AuthorRef | undefined): ResolvedAuthor {
  return { author, onBehalf, ...(entry?.timezone === undefined ? {} : { timezone: entry.timezone }) };
}
