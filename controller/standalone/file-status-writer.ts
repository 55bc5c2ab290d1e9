/**
 * Standalone status: kept in memory for the API (through the controller's runtime) and written to
 * `<state>/<ns>/<name>/status.json` (atomically), so a restarted controller shows the last known
 * status until its first pass.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TractRepoStatus } from '../api/tract-repo.ts';
import type { RepoKey, StatusWriter } from '../api/ports.ts';
import { splitKey } from '../api/ports.ts';

export const STATUS_FILE = 'status.json';

export class FileStatusWriter implements StatusWriter {
  readonly #stateDir: string;
  readonly #latest = new Map<RepoKey, TractRepoStatus>();

  constructor(stateDir: string) {
    this.#stateDir = stateDir;
  }

  async patchStatus(key: RepoKey, status: TractRepoStatus): Promise<void> {
    this.#latest.set(key, status);
    const { namespace, name } = splitKey(key);
    const dir = join(this.#stateDir, namespace, name);
    const target = join(dir, STATUS_FILE);
    const temp = `${target}.tmp`;
    await mkdir(dir, { recursive: true });
    await writeFile(temp, `${JSON.stringify(status)}\n`);
    await rename(temp, target);
  }

  /** The status last written for `key`. */
  get(key: RepoKey): TractRepoStatus | undefined {
    return this.#latest.get(key);
  }
}
