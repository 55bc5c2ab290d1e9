/**
 * Watches the Secrets folder of standalone mode (`--secrets-dir`: `<dir>/<secret-name>/<key>`, laid out
 * like mounted Kubernetes Secrets) and reports which Secret changed (docs/to-jira.md, "Retries"): a key
 * file written, added or removed under `<dir>/<name>/`, the folder itself created or removed, or a mounted
 * Secret's `..data` link swapped. A burst of events for one Secret within `settleMs` is reported once,
 * after it settled. Nothing is read: only names go on.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { sep } from 'node:path';
import type { Logger } from '../logging/create-logger.ts';
import type { TimerHandle, Timers } from '../workqueue/timers.ts';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface SecretsDirWatchOptions {
  dir: string;
  onChange: (name: string) => void;
  timers: Timers;
  logger: Logger;
  /** Quiet time before a changed Secret is reported; default 100 ms. */
  settleMs?: number;
}

export class SecretsDirWatch {
  readonly #options: SecretsDirWatchOptions;
  readonly #pending = new Map<string, TimerHandle>();
  #watcher: FSWatcher | undefined;

  constructor(options: SecretsDirWatchOptions) {
    this.#options = options;
  }

  /** Starts watching; a folder that cannot be watched is logged and left to the passes' own reads. */
  start(): void {
    if (this.#watcher) return;
    const { dir, logger } = this.#options;
    try {
      this.#watcher = watch(dir, { recursive: true, persistent: false }, (_event, filename) => this.#seen(filename));
      this.#watcher.on('error', (err) => logger.warn('secrets folder no longer watched: Secret changes count at the next pass', { dir, error: err }));
    } catch (err) {
      logger.warn('secrets folder not watched: Secret changes count at the next pass', { dir, error: err });
    }
  }

  stop(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    for (const handle of this.#pending.values()) this.#options.timers.clearTimeout(handle);
    this.#pending.clear();
  }

  #seen(filename: string | Buffer | null): void {
    if (filename === null) return;
    const [name] = filename.toString().split(sep);
    if (name === undefined || !SAFE_NAME.test(name)) return;
    const { timers } = this.#options;
    const previous = this.#pending.get(name);
    if (previous) timers.clearTimeout(previous);
    this.#pending.set(name, timers.setTimeout(() => {
      this.#pending.delete(name);
      if (this.#watcher) this.#options.onChange(name);
    }, this.#options.settleMs ?? 100));
  }
}
