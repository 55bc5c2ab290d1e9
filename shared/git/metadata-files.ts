import { promises as fsp, readFileSync, statSync, type Stats } from 'node:fs';

/**
 * How the adapter reads git's small metadata files (HEAD, a loose ref, config, FETCH_HEAD) and looks at
 * paths. Asynchronous by default: the controller serves many repositories from one event loop. A short-lived
 * process that does one thing at a time (the CLI) passes `SYNCHRONOUS_FILES`: each read is then one system
 * call instead of a thread-pool round trip, which was most of `tract log`'s file time (docs/cli-decisions.md).
 */
export interface MetadataFiles {
  /** The file's text; undefined when it is missing or unreadable. */
  readText(path: string): Promise<string | undefined>;
  /** What is at `path`; undefined when nothing is. */
  kind(path: string): Promise<PathKind | undefined>;
}

export type PathKind = 'file' | 'directory' | 'other';

export const ASYNCHRONOUS_FILES: MetadataFiles = {
  readText: (path) => fsp.readFile(path, 'utf8').catch(() => undefined),
  kind: (path) => fsp.stat(path).then(kindOf, () => undefined),
};

export const SYNCHRONOUS_FILES: MetadataFiles = {
  readText: (path) => {
    try {
      return Promise.resolve(readFileSync(path, 'utf8'));
    } catch {
      return Promise.resolve(undefined);
    }
  },
  kind: (path) => {
    try {
      const info = statSync(path, { throwIfNoEntry: false });
      return Promise.resolve(info === undefined ? undefined : kindOf(info));
    } catch {
      return Promise.resolve(undefined);
    }
  },
};

function kindOf(info: Stats): PathKind {
  return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
}
