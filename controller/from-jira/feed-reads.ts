/**
 * The Jira feeds are site-wide: every TractRepo of a site pages the same `/worklog/updated` and
 * `/worklog/deleted` and reads back the same worklogs. Here the feed reconciliations of all repos share
 * their reads: one request per distinct read (the same service-account adapter and the same arguments),
 * concurrent callers wait for the same answer, and an answer serves later callers for `windowMs`. A site
 * with N repos then costs about one feed read per reconcile round instead of N.
 *
 * Safe because a feed answer is a snapshot up to its `until`: a repo given an answer a few seconds old
 * moves its cursor only to that `until`, and reads what came after on its next round (docs/jira-api.md, "Changed-worklog feeds").
 * Only the feed reconciliation reads through here; a webhook delivery always reads its worklog afresh.
 */
import { PromiseMemo } from './promise-memo.ts';

export interface FeedReadsOptions {
  nowMs(): number;
  /** How long an answer serves later callers; default 30 s (the feeds themselves hold back a minute). */
  windowMs?: number;
  /** Answers kept at most, over all sources; default 200. */
  maxEntries?: number;
}

export class FeedReads {
  readonly #memo: PromiseMemo;
  readonly #sourceIds = new WeakMap<object, number>();
  #nextSourceId = 0;

  constructor(options: FeedReadsOptions) {
    this.#memo = new PromiseMemo({ nowMs: options.nowMs, ttlMs: options.windowMs ?? 30_000, maxEntries: options.maxEntries ?? 200 });
  }

  /**
   * `load()`'s answer, or the one another caller with the same `source` and `key` got at most `windowMs`
   * ago or is waiting for. A failed load is not kept: the next caller tries again.
   */
  read<T>(source: object, key: string, load: () => Promise<T>): Promise<T> {
    return this.#memo.get(`${this.#sourceId(source)} ${key}`, load);
  }

  #sourceId(source: object): number {
    let id = this.#sourceIds.get(source);
    if (id === undefined) {
      id = this.#nextSourceId++;
      this.#sourceIds.set(source, id);
    }
    return id;
  }
}
