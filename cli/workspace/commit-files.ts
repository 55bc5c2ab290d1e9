import type { Workspace } from './open-workspace.ts';
import { removeRepoFile, writeRepoFile } from './worklog-store.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes files (undefined = delete) and commits exactly those paths (`git commit --only`, so whatever
 * else the user staged stays staged). On any failure the files are put back as they were (a file the
 * user had staged differently from its working copy is re-staged as in the working copy).
 */
export async function commitFiles(ws: Workspace, files: ReadonlyMap<string, string | undefined>, message: string): Promise<string> {
  const before = new Map<string, string | undefined>();
  for (const path of files.keys()) before.set(path, await readFile(join(ws.dir, path), 'utf8').catch(() => undefined));
  try {
    await applyFiles(ws, files);
    const paths = [...files.keys()];
    await ws.repo.add(paths);
    return await ws.repo.commit(message, { paths });
  } catch (err) {
    // Put the files back and re-stage them, so neither the tree nor the index keeps the failed change.
    await applyFiles(ws, before)
      .then(() => ws.repo.add([...files.keys()]))
      .catch(() => undefined);
    throw err;
  }
}

async function applyFiles(ws: Workspace, files: ReadonlyMap<string, string | undefined>): Promise<void> {
  for (const [path, text] of files) {
    if (text === undefined) await removeRepoFile(ws, path);
    else await writeRepoFile(ws, path, text);
  }
}
