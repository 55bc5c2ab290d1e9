/**
 * `remote.<name>.url` read straight from the repository's own config file: `tract log` asks on every
 * run whether there is a remote to push to, and a `git config` process costs as much as the commit.
 * Remotes live in the repository config (`git remote add`, `git clone`); `include.path` is not followed.
 */
import { join } from 'node:path';
import { ASYNCHRONOUS_FILES, type MetadataFiles } from './metadata-files.ts';

export async function readRemoteUrl(commonDir: string, remote: string, files: MetadataFiles = ASYNCHRONOUS_FILES): Promise<string | undefined> {
  const text = await files.readText(join(commonDir, 'config'));
  return text === undefined ? undefined : remoteUrlIn(text, remote);
}

/** The last `url` of `[remote "<remote>"]` in a git config text (git's rule: the last value wins). */
export function remoteUrlIn(configText: string, remote: string): string | undefined {
  let inSection = false;
  let url: string | undefined;
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (section) {
      inSection = section[1]?.toLowerCase() === 'remote' && section[2]?.replace(/\\(.)/g, '$1') === remote;
      continue;
    }
    const entry = /^url\s*=\s*(.*)$/i.exec(line);
    if (inSection && entry) url = unquote(entry[1] ?? '');
  }
  return url === '' ? undefined : url;
}

function unquote(value: string): string {
  const withoutComment = value.replace(/\s+[#;].*$/, '').trim();
  return withoutComment.startsWith('"') && withoutComment.endsWith('"') ? withoutComment.slice(1, -1).replace(/\\(.)/g, '$1') : withoutComment;
}
