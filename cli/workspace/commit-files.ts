import type { Workspace } from './open-workspace.ts';
import { removeRepoFile, writeRepoFile } from './worklog-store.ts';
import { join } from 'node:path';
import { readTextIfPresent } from '../system/read-text-if-present.ts';

export interface CommitFilesOptions {
  /** Work done while the first git process runs (`tract log` decodes the file for its warnings). */
  whileGitRuns?: () => void;
}

/**
 * Writes files (undefined = delete) and commits exactly those paths (`git commit --only`, so whatever
 * else the user staged stays staged). Files that are new are `git add`ed first; when none is, the commit
 * is the only git process (GitRepository.commit adds a path git turns out not to track). On any failure
 * the files are put back as they were (a file the user had staged differently from its working copy is
 * re-staged as in the working copy).
 */
export async function commitFiles(
  ws: Workspace,
  files: ReadonlyMap<string, string | undefined>,
  message: string,
  options: CommitFilesOptions = {},
): Promise<string> {
  const before = new Map<string, string | undefined>();
  for (const path of files.keys()) before.set(path, readTextIfPresent(join(ws.dir, path)));
  const paths = [...files.keys()];
  const fresh = paths.filter((path) => before.get(path) === undefined && files.get(path) !== undefined);
  try {
    applyFiles(ws, files);
    if (fresh.length === 0) return await alongside(ws.repo.commit(message, { paths }), options.whileGitRuns);
    await alongside(ws.repo.add(fresh), options.whileGitRuns);
    return await ws.repo.commit(message, { paths });
  } catch (err) {
    // Put the files back and re-stage them, so neither the tree nor the index keeps the failed change.
    try {
      applyFiles(ws, before);
      await ws.repo.add(paths);
    } catch {
      // best effort: the first error is the one to report
    }
    throw err;
  }
}

/** Runs `work` while git runs in its own process; git is waited for even when `work` throws. */
async function alongside<T>(running: Promise<T>, work: (() => void) | undefined): Promise<T> {
  try {
    work?.();
  } catch (err) {
    await running.catch(() => undefined);
    throw err;
  }
  return running;
}

function applyFiles(ws: Workspace, files: ReadonlyMap<string, string | undefined>): void {
  for (const [path, text] of files) {
    if (text === undefined) removeRepoFile(ws, path);
    else writeRepoFile(ws, path, text);
  }
}
