import { join } from 'node:path';
import type { Env } from '../command-context.ts';
import { readTextIfPresent } from '../system/read-text-if-present.ts';

/**
 * `git config user.email` without spawning git: the repository's `.git/config`, then the global file
 * (`GIT_CONFIG_GLOBAL`, else `~/.gitconfig`, else `$XDG_CONFIG_HOME/git/config`). Used only to derive
 * the author when none is configured. `include`s and the system file are not followed (GitRepository has
 * no config getter yet; see docs/cli-decisions.md).
 */
export function gitUserEmail(repoDir: string, env: Env): string | undefined {
  const home = env.HOME;
  const xdg = env.XDG_CONFIG_HOME ?? (home === undefined ? undefined : join(home, '.config'));
  const candidates = [
    join(repoDir, '.git', 'config'),
    ...(env.GIT_CONFIG_GLOBAL !== undefined
      ? [env.GIT_CONFIG_GLOBAL]
      : [home === undefined ? undefined : join(home, '.gitconfig'), xdg === undefined ? undefined : join(xdg, 'git', 'config')]),
  ];
  for (const path of candidates) {
    if (path === undefined) continue;
    const text = readTextIfPresent(path);
    const email = text === undefined ? undefined : userEmailIn(text);
    if (email !== undefined) return email;
  }
  return undefined;
}

/** The last `email` of a `[user]` section in git-config syntax. */
export function userEmailIn(text: string): string | undefined {
  let section = '';
  let email: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)[#;].*$/, '').trim();
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"[^"]*")?\s*\]$/.exec(line);
    if (header) section = (header[1] ?? '').toLowerCase();
    const entry = /^email\s*=\s*"?([^"]*)"?$/i.exec(line);
    if (section === 'user' && entry) email = entry[1]?.trim();
  }
  return email === '' ? undefined : email;
}
