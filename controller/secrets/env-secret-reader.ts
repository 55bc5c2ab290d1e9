/**
 * Standalone secrets from the environment: key `<key>` of Secret `<name>` is the variable
 * `TRACT_SECRET_<NAME>_<KEY>`, where NAME and KEY are upper-cased and every character other than A–Z
 * and 0–9 becomes `_` (Secret `jira-creds`, key `apiToken` → `TRACT_SECRET_JIRA_CREDS_APITOKEN`).
 * Keys are then matched ignoring case and separators (see secret-value.ts). The namespace is not part
 * of the name: standalone has one set of secrets.
 */
import type { SecretReader } from '../api/ports.ts';

export const SECRET_ENV_PREFIX = 'TRACT_SECRET_';

export class EnvSecretReader implements SecretReader {
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.#env = env;
  }

  async fetchSecret(_namespace: string, name: string): Promise<Record<string, string> | undefined> {
    const prefix = `${SECRET_ENV_PREFIX}${secretEnvName(name)}_`;
    const data: Record<string, string> = {};
    for (const [variable, value] of Object.entries(this.#env)) {
      if (value !== undefined && variable.startsWith(prefix) && variable.length > prefix.length) data[variable.slice(prefix.length)] = value;
    }
    return Object.keys(data).length > 0 ? data : undefined;
  }
}

/** `jira-creds` → `JIRA_CREDS`; also for keys (`apiToken` → `APITOKEN`). */
export function secretEnvName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The variable that holds `key` of Secret `name`. */
export function secretEnvVariable(name: string, key: string): string {
  return `${SECRET_ENV_PREFIX}${secretEnvName(name)}_${secretEnvName(key)}`;
}
