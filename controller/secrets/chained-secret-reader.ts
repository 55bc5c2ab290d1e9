import type { SecretReader } from '../api/ports.ts';

/** Asks each reader in turn; the first that has the Secret answers (files before the environment). */
export class ChainedSecretReader implements SecretReader {
  readonly #readers: readonly SecretReader[];

  constructor(readers: readonly SecretReader[]) {
    this.#readers = readers;
  }

  async fetchSecret(namespace: string, name: string): Promise<Record<string, string> | undefined> {
    for (const reader of this.#readers) {
      const data = await reader.fetchSecret(namespace, name);
      if (data !== undefined) return data;
    }
    return undefined;
  }
}
