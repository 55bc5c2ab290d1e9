/**
 * The controller's memory of one TractRepo, in its state directory (docs/controller.md: "state in a directory").
 * `state.json` is replaced atomically (write, fsync, rename). `intents.jsonl` is the exactly-once journal:
 * a line is appended and fsynced *before* each Jira create, so that after a crash the controller knows
 * which creates may have happened and looks for their `tract` property before creating again.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyncedRecord } from '../../shared/core/plan-sync.ts';
import { InternalError, TransientError } from '../../shared/core/tract-error.ts';

export type FailureScope = 'repo' | 'author' | 'record';

/** What the controller keeps per failed record, next to the failure itself. */
export interface RetryMark {
  /** Failures of this version of the record in a row (1 after the first). */
  attempt: number;
  /** ISO time of the next automatic attempt. */
  nextRetryAt: string;
  scope: FailureScope;
}

export interface RepoState {
  version: 1;
  /** The branch tip the last Tract → Jira pass planned from. */
  lastSyncedCommit: string | null;
  lastSyncTime: string | null;
  /** Jira → Tract reconciliation cursor (ms since epoch). */
  jiraCursor: number | null;
  records: Record<string, SyncedRecord>;
  /** When each failed record is tried again (docs/to-jira.md "Retries"); absent in older state files. */
  retries?: Record<string, RetryMark>;
}

export function emptyRepoState(): RepoState {
  return { version: 1, lastSyncedCommit: null, lastSyncTime: null, jiraCursor: null, records: {} };
}

export class RepoStateStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async load(): Promise<RepoState> {
    const text = await readFile(join(this.dir, 'state.json'), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw storageError('read', err);
    });
    if (text === undefined) return emptyRepoState();
    try {
      const state = JSON.parse(text) as RepoState;
      if (state.version !== 1) throw new Error(`unknown version ${String(state.version)}`);
      return state;
    } catch (err) {
      throw new InternalError(`The state file ${join(this.dir, 'state.json')} is corrupt (${(err as Error).message}): move it away to rebuild it from git and Jira`, { cause: err });
    }
  }

  async save(state: RepoState): Promise<void> {
    await this.#writeAtomically('state.json', `${JSON.stringify(state)}\n`);
  }

  /** Record ids whose create may have reached Jira without Tract knowing. */
  async loadIntents(): Promise<Set<string>> {
    const text = await readFile(join(this.dir, 'intents.jsonl'), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw storageError('read', err);
    });
    const ids = new Set<string>();
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        ids.add((JSON.parse(line) as { id: string }).id);
      } catch {
        // A torn last line from a crash mid-append: that create was never sent.
      }
    }
    return ids;
  }

  /** Appends create intents durably; resolves only once they are on disk. */
  async recordIntents(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await mkdir(this.dir, { recursive: true }).catch((err: NodeJS.ErrnoException) => { throw storageError('create', err); });
    const handle = await open(join(this.dir, 'intents.jsonl'), 'a').catch((err: NodeJS.ErrnoException) => { throw storageError('open', err); });
    let sizeBefore: number | undefined;
    try {
      sizeBefore = (await handle.stat()).size;
      await handle.appendFile(ids.map((id) => `${JSON.stringify({ id })}\n`).join(''));
      await handle.sync();
    } catch (err) {
      // A partial append (ENOSPC) would glue the next intent to a torn line, and replay would drop it.
      if (sizeBefore !== undefined) await handle.truncate(sizeBefore).catch(() => undefined);
      throw storageError('write', err as NodeJS.ErrnoException);
    } finally {
      await handle.close();
    }
  }

  async clearIntents(): Promise<void> {
    await rm(join(this.dir, 'intents.jsonl'), { force: true });
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  async #writeAtomically(name: string, content: string): Promise<void> {
    const target = join(this.dir, name);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw storageError('write', err as NodeJS.ErrnoException);
    }
  }
}

function storageError(action: string, err: NodeJS.ErrnoException): TransientError {
  const hint = err.code === 'ENOSPC' ? ': the disk is full — free space under the state directory' : '';
  return new TransientError(`Could not ${action} the controller state (${err.code ?? err.message})${hint}`, { cause: err, reason: 'StateStorageFailed' });
}
