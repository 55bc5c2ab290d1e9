/**
 * Answers by key for a while: concurrent and later callers within `ttlMs` share one `load()`, a load that
 * fails is dropped at once (the next caller tries again), and beyond `maxEntries` the least recently used
 * key goes first. The mechanism under IssueRefCache and FeedReads.
 */
export interface PromiseMemoOptions {
  nowMs(): number;
  ttlMs: number;
  maxEntries: number;
}

interface Entry {
  atMs: number;
  value: Promise<unknown>;
}

export class PromiseMemo {
  readonly #options: PromiseMemoOptions;
  /** Least recently used first (a Map keeps insertion order). */
  readonly #entries = new Map<string, Entry>();

  constructor(options: PromiseMemoOptions) {
    this.#options = options;
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#options.nowMs();
    const cached = this.#entries.get(key);
    this.#entries.delete(key);
    if (cached !== undefined && now - cached.atMs < this.#options.ttlMs) {
      this.#entries.set(key, cached);
      return cached.value as Promise<T>;
    }
    const entry: Entry = { atMs: now, value: load() };
    this.#entries.set(key, entry);
    entry.value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#options.maxEntries) break;
      this.#entries.delete(oldest);
    }
    return entry.value as Promise<T>;
  }
}
