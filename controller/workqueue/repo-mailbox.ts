/**
 * A mailbox per work-queue key, for work that must run inside the key's pass (the per-key lock of
 * work-queue.ts): a poster leaves a batch for `key` and gets the promise of its result; the next pass of
 * `key` takes the batches waiting for it, oldest first, and answers each; what no pass can run is
 * failed, and `close` (shutdown) fails everything left and refuses later posts. The mailbox never runs a
 * key itself: whoever posts also adds the key to the work queue (docs/architecture.md, flow 2).
 */

/** One batch waiting for its key's pass, and how to answer whoever posted it. */
export interface Letter<Batch, Result> {
  readonly batch: Batch;
  resolve(result: Result): void;
  reject(err: unknown): void;
}

export class RepoMailbox<Batch, Result> {
  readonly #waiting = new Map<string, Letter<Batch, Result>[]>();
  /** Set by `close`: the error every later post is refused with. */
  #closed: { err: unknown } | undefined;

  /** Leaves `batch` for the next pass of `key`; settles with that pass's answer (or failure). */
  post(key: string, batch: Batch): Promise<Result> {
    const closed = this.#closed;
    if (closed) return Promise.reject(closed.err);
    return new Promise<Result>((resolve, reject) => {
      const letters = this.#waiting.get(key) ?? [];
      letters.push({ batch, resolve, reject });
      this.#waiting.set(key, letters);
    });
  }

  /** Takes the letters waiting for `key`, oldest first; the caller answers every one of them. */
  take(key: string): Letter<Batch, Result>[] {
    const letters = this.#waiting.get(key) ?? [];
    this.#waiting.delete(key);
    return letters;
  }

  /** Letters waiting for `key`, or for every key. */
  waiting(key?: string): number {
    if (key !== undefined) return this.#waiting.get(key)?.length ?? 0;
    let total = 0;
    for (const letters of this.#waiting.values()) total += letters.length;
    return total;
  }

  /** Fails the letters waiting for `key` (its pass cannot run them; the poster keeps its work and retries). */
  fail(key: string, err: unknown): void {
    for (const letter of this.take(key)) letter.reject(err);
  }

  /** Refuses every later post with `err` and fails every letter still waiting (shutdown). */
  close(err: unknown): void {
    this.#closed = { err };
    for (const key of [...this.#waiting.keys()]) this.fail(key, err);
  }
}
