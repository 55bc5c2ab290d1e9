/**
 * Standalone secrets from files laid out like mounted Kubernetes Secrets: `<dir>/<secret-name>/<key>`,
 * one file per key. One trailing newline is dropped (editors add one; tokens never end in one).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TransientError } from '../../shared/core/tract-error.ts';
import type { SecretReader } from '../api/ports.ts';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class FileSecretReader implements SecretReader {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async fetchSecret(_namespace: string, name: string): Promise<Record<string, string> | undefined> {
    if (!SAFE_NAME.test(name)) return undefined;
    const folder = join(this.#dir, name);
    const entries = await readdir(folder, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw new TransientError(`Could not read the secrets folder ${folder} (${err.code ?? err.message})`, { reason: 'SecretNotFound', cause: err });
    });
    if (!entries) return undefined;
    const data: Record<string, string> = {};
    // Mounted Secrets also hold `..data` symlinks and timestamped folders: plain key names only.
    for (const entry of entries) {
      if (!SAFE_NAME.test(entry.name) || entry.isDirectory()) continue;
      data[entry.name] = (await readFile(join(folder, entry.name), 'utf8')).replace(/\r?\n$/, '');
    }
    return data;
  }
}
