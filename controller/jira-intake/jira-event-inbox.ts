/**
 * The durable hand-off between the Jira webhook route and the Jira → git sync. The route answers 2xx only
 * once an event is in the journal (appended and fsynced), so a crash right after answering loses nothing:
 * at start the journal is replayed and every event not marked done is pending again.
 *
 * The journal also remembers delivery identifiers for deduplication (Jira keeps
 * `X-Atlassian-Webhook-Identifier` across retries, docs/jira-api.md "Webhooks"): at most `maxRemembered` (10 000) for
 * `rememberMs` (24 h, comfortably past Jira's ~30 min retry window), persisted across restarts.
 *
 * Writes are group-committed: events accepted while an fsync is running share the next one, so a burst
 * costs a handful of fsyncs, not one per delivery.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../shared/core/clock.ts';
import { TransientError } from '../../shared/core/tract-error.ts';

/** One accepted worklog webhook delivery, as kept in the journal. */
export interface JiraWebhookEvent {
  /** `X-Atlassian-Webhook-Identifier` (or `sha256:<body hash>` when Jira sent none). */
  identifier: string;
  receivedAtMs: number;
  /** `worklog_created` / `worklog_updated` → upsert; `worklog_deleted` → delete. */
  kind: 'upsert' | 'delete';
  worklogId: string;
  issueId: string;
  /** The Jira site the worklog lives on (from `worklog.self`), normalised; absent when unknown. */
  site?: string;
  /** `<namespace>/<name>` when delivered on that repo's own path: only that repo takes it. */
  repo?: string;
}

export interface JiraEventInboxOptions {
  clock: Clock;
  maxRemembered?: number;
  rememberMs?: number;
  /** Rewrite the journal once it has this many lines (default 20 000). */
  compactAfterLines?: number;
}

export type AcceptResult = 'accepted' | 'duplicate';

type JournalLine = { accept: JiraWebhookEvent; atMs: number } | { done: string[] } | { seen: string; atMs: number };

const JOURNAL = 'jira-webhook-journal.jsonl';
const DAY_MS = 24 * 60 * 60 * 1000;

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

export class JiraEventInbox {
  readonly #dir: string;
  readonly #clock: Clock;
  readonly #maxRemembered: number;
  readonly #rememberMs: number;
  readonly #compactAfterLines: number;
  /** Identifier → when it was first accepted; oldest first. */
  readonly #seen = new Map<string, number>();
  readonly #pending = new Map<string, JiraWebhookEvent>();
  readonly #listeners = new Set<(event: JiraWebhookEvent) => void>();
  #handle: FileHandle | undefined;
  #lines = 0;
  #queued: string[] = [];
  #waiters: Waiter[] = [];
  #writing: Promise<void> | undefined;

  private constructor(dir: string, options: JiraEventInboxOptions) {
    this.#dir = dir;
    this.#clock = options.clock;
    this.#maxRemembered = options.maxRemembered ?? 10_000;
    this.#rememberMs = options.rememberMs ?? DAY_MS;
    this.#compactAfterLines = options.compactAfterLines ?? 20_000;
  }

  /** Opens (or creates) the journal in `dir` and replays it: events not marked done are pending again. */
  static async open(dir: string, options: JiraEventInboxOptions): Promise<JiraEventInbox> {
    const inbox = new JiraEventInbox(dir, options);
    await mkdir(dir, { recursive: true }).catch((err: NodeJS.ErrnoException) => { throw storageError('create', err); });
    await inbox.#replay();
    await inbox.#compact();
    return inbox;
  }

  /** Journals the event durably; resolves once it is on disk. `duplicate` when its identifier was seen. */
  async accept(event: JiraWebhookEvent): Promise<AcceptResult> {
    this.#forgetOld();
    if (this.#seen.has(event.identifier)) return 'duplicate';
    const atMs = this.#clock.now().getTime();
    this.#seen.set(event.identifier, atMs);
    // Pending before the write, so that a compaction running meanwhile keeps it.
    this.#pending.set(event.identifier, event);
    try {
      await this.#append({ accept: event, atMs });
    } catch (err) {
      this.#seen.delete(event.identifier);
      this.#pending.delete(event.identifier);
      throw err;
    }
    for (const listener of this.#listeners) listener(event);
    return 'accepted';
  }

  /** Events accepted and not yet done, oldest first. */
  pending(): JiraWebhookEvent[] {
    return [...this.#pending.values()];
  }

  async markDone(identifiers: readonly string[]): Promise<void> {
    const done = identifiers.flatMap((id) => this.#pending.get(id) ?? []);
    if (done.length === 0) return;
    // Removed before the write, so that a compaction running meanwhile drops them too.
    for (const event of done) this.#pending.delete(event.identifier);
    try {
      await this.#append({ done: done.map((event) => event.identifier) });
    } catch (err) {
      for (const event of done) this.#pending.set(event.identifier, event);
      throw err;
    }
  }

  /** Calls `listener` after each newly accepted event; returns the unsubscribe function. */
  subscribe(listener: (event: JiraWebhookEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.#writing;
    await this.#handle?.close();
    this.#handle = undefined;
  }

  async #replay(): Promise<void> {
    const text = await readFile(join(this.#dir, JOURNAL), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw storageError('read', err);
    });
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      if (line === undefined) continue;
      if ('accept' in line) {
        this.#seen.set(line.accept.identifier, line.atMs);
        this.#pending.set(line.accept.identifier, line.accept);
      } else if ('done' in line) {
        for (const id of line.done) this.#pending.delete(id);
      } else {
        this.#seen.set(line.seen, line.atMs);
      }
    }
    this.#forgetOld();
  }

  #forgetOld(): void {
    const oldest = this.#clock.now().getTime() - this.#rememberMs;
    for (const [id, atMs] of this.#seen) {
      if (atMs >= oldest && this.#seen.size <= this.#maxRemembered) break;
      this.#seen.delete(id);
    }
  }

  #append(line: JournalLine): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queued.push(`${JSON.stringify(line)}\n`);
      this.#waiters.push({ resolve, reject });
      this.#writing ??= this.#drain().finally(() => { this.#writing = undefined; });
    });
  }

  async #drain(): Promise<void> {
    while (this.#queued.length > 0) {
      const text = this.#queued.join('');
      const waiters = this.#waiters;
      this.#queued = [];
      this.#waiters = [];
      try {
        await this.#write(text);
        this.#lines += waiters.length;
        for (const waiter of waiters) waiter.resolve();
      } catch (err) {
        for (const waiter of waiters) waiter.reject(err);
      }
      if (this.#lines >= this.#compactAfterLines) await this.#compact().catch(() => undefined);
    }
  }

  async #write(text: string): Promise<void> {
    let sizeBefore: number | undefined;
    try {
      this.#handle ??= await open(join(this.#dir, JOURNAL), 'a');
      sizeBefore = (await this.#handle.stat()).size;
      await this.#handle.appendFile(text);
      await this.#handle.sync();
    } catch (err) {
      // A partial append (ENOSPC) would glue the next line to a torn one and lose an answered delivery on replay.
      if (sizeBefore !== undefined) await this.#handle?.truncate(sizeBefore).catch(() => undefined);
      throw storageError('write', err as NodeJS.ErrnoException);
    }
  }

  /** Rewrites the journal as what is still needed: remembered identifiers and pending events. */
  async #compact(): Promise<void> {
    this.#forgetOld();
    const lines: JournalLine[] = [];
    for (const [id, atMs] of this.#seen) if (!this.#pending.has(id)) lines.push({ seen: id, atMs });
    for (const event of this.#pending.values()) lines.push({ accept: event, atMs: this.#seen.get(event.identifier) ?? event.receivedAtMs });
    const target = join(this.#dir, JOURNAL);
    const temp = `${target}.tmp`;
    try {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.#handle?.close();
      this.#handle = undefined;
      await rename(temp, target);
      this.#lines = lines.length;
    } catch (err) {
      await rm(temp, { force: true });
      throw storageError('write', err as NodeJS.ErrnoException);
    }
  }
}

function parseLine(raw: string): JournalLine | undefined {
  if (raw.trim() === '') return undefined;
  try {
    const line = JSON.parse(raw) as Partial<Record<'accept' | 'done' | 'seen' | 'atMs', unknown>>;
    if (isEvent(line.accept) && typeof line.atMs === 'number') return line as JournalLine;
    if (Array.isArray(line.done)) return line as JournalLine;
    if (typeof line.seen === 'string' && typeof line.atMs === 'number') return line as JournalLine;
  } catch {
    // A torn last line from a crash mid-append: that delivery was never answered 2xx, so Jira retries it.
  }
  return undefined;
}

function isEvent(value: unknown): value is JiraWebhookEvent {
  const event = value as Partial<JiraWebhookEvent> | null;
  return typeof event === 'object' && event !== null && typeof event.identifier === 'string' && typeof event.worklogId === 'string';
}

function storageError(action: string, err: NodeJS.ErrnoException): TransientError {
  const hint = err.code === 'ENOSPC' ? ': the disk is full — free space under the state directory' : '';
  return new TransientError(`Could not ${action} the Jira webhook journal (${err.code ?? err.message})${hint}`, { cause: err, reason: 'StateStorageFailed' });
}
