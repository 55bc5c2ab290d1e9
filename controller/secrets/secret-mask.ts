/**
 * The secret values this controller has read (Jira tokens, git passwords, webhook secrets, the API
 * token). The log format and error reports replace any of them with `[REDACTED]`, so a token that
 * slipped into a message or a library's error still never reaches a log line.
 */
export class SecretMask {
  readonly #values = new Set<string>();

  /** Values shorter than 4 characters are not masked: they would blank out ordinary words. */
  add(...values: (string | undefined)[]): void {
    for (const value of values) if (value && value.length >= 4) this.#values.add(value);
  }

  get size(): number {
    return this.#values.size;
  }

  mask(text: string): string {
    let out = text;
    for (const value of this.#values) if (out.includes(value)) out = out.split(value).join('[REDACTED]');
    return out;
  }
}
