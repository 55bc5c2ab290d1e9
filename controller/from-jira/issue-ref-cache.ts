/**
 * Issue id → key and project, cached: worklog events carry only `worklog.issueId` (docs/jira-api.md, "Webhooks"), and
 * a burst names the same few issues again and again. Least recently used entries go first beyond
 * `maxEntries`; entries expire after `ttlMs` so that an issue moved to another project is seen again.
 * Concurrent lookups of one issue share one request. "Not found" is not cached.
 */
import type { TractErrorReason } from '../../shared/core/error-reasons.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import type { JiraIssueRef } from '../../shared/jira/jira-worklogs.ts';
import { PromiseMemo } from './promise-memo.ts';

export interface IssueRefCacheOptions {
  nowMs(): number;
  /** Default 10 000. */
  maxEntries?: number;
  /** Default 10 minutes. */
  ttlMs?: number;
}

const NOT_FOUND_REASONS: ReadonlySet<TractErrorReason | undefined> = new Set<TractErrorReason>(['IssueNotFound', 'PermissionDenied']);

export class IssueRefCache {
  readonly #memo: PromiseMemo;

  constructor(options: IssueRefCacheOptions) {
    this.#memo = new PromiseMemo({ maxEntries: 10_000, ttlMs: 10 * 60_000, ...options });
  }

  /**
   * The issue, from the cache or `load()`; undefined when Jira says it does not exist or cannot be seen.
   * Other failures (transient, auth) are thrown and not cached.
   */
  fetch(site: string, issueId: string, load: () => Promise<JiraIssueRef>): Promise<JiraIssueRef | undefined> {
    return this.#memo.get(`${site} ${issueId}`, load).catch((err: unknown) => {
      if (err instanceof ValidationError && NOT_FOUND_REASONS.has(err.reason)) return undefined;
      throw err;
    });
  }
}
