// `fs.promises`, not node:fs/promises: see git-repository.ts (the CLI bundle loads fs/promises lazily).
import { mkdirSync, promises as fsp, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * How the worklog repository reads and writes files of the working tree (absolute paths). Like
 * metadata-files.ts: asynchronous by default (the controller serves many repositories from one event loop);
 * the CLI passes `SYNCHRONOUS_WORKTREE`, one system call per file on `tract log`'s path
 * (docs/cli-decisions.md). The synchronous one does its work before returning its promise.
 */
export interface WorktreeFiles {
  /** The file's text; undefined when it does not exist (ENOENT); other failures throw. */
  read(path: string): Promise<string | undefined>;
  /** Writes the file, creating its folders. */
  write(path: string, text: string): Promise<void>;
  /** Removes the file; nothing when it is not there. */
  remove(path: string): Promise<void>;
  /** The names in a folder; [] when it cannot be read. */
  list(dir: string): Promise<string[]>;
}

function absentAsUndefined(err: unknown): undefined {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw err;
}

export const ASYNCHRONOUS_WORKTREE: WorktreeFiles = {
  read: (path) => fsp.readFile(path, 'utf8').catch(absentAsUndefined),
  write: async (path, text) => {
    await fsp.mkdir(dirname(path), { recursive: true });
    await fsp.writeFile(path, text);
  },
  remove: (path) => fsp.rm(path, { force: true }),
  list: (dir) => fsp.readdir(dir).catch(() => []),
};

export const SYNCHRONOUS_WORKTREE: WorktreeFiles = {
  read: async (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      return absentAsUndefined(err);
    }
  },
  write: async (path, text) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  },
  remove: async (path) => rmSync(path, { force: true }),
  list: async (dir) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};
