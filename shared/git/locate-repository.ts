import { dirname, join, resolve } from 'node:path';
import { ASYNCHRONOUS_FILES, type MetadataFiles } from './metadata-files.ts';

/** Where a repository's parts are, found without spawning git. */
export interface RepositoryLocation {
  /** The working tree's top level, or the repository itself when bare. */
  topLevel: string;
  /** `.git` (or a worktree's own git dir, or the bare repository). Holds HEAD. */
  gitDir: string;
  /** Where refs and objects live (differs from gitDir in linked worktrees). */
  commonDir: string;
  bare: boolean;
}

/** HEAD as written on disk: a symbolic ref, or a detached commit. */
export type HeadState = { ref: string } | { detached: string };

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Walks up from `startDir` the way git does (a `.git` directory or `gitdir:` file, or a bare repository),
 * which costs a few `stat`s instead of a `git rev-parse` process. Undefined when there is no repository.
 */
export async function locateRepository(startDir: string, files: MetadataFiles = ASYNCHRONOUS_FILES): Promise<RepositoryLocation | undefined> {
  let dir = resolve(startDir);
  for (;;) {
    const found = (await atDotGit(dir, files)) ?? (await asBare(dir, files));
    if (found !== undefined) return found;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export async function readHead(gitDir: string, files: MetadataFiles = ASYNCHRONOUS_FILES): Promise<HeadState | undefined> {
  const head = (await files.readText(join(gitDir, 'HEAD')))?.trim();
  if (head === undefined) return undefined;
  if (head.startsWith('ref: ')) return { ref: head.slice('ref: '.length) };
  return SHA.test(head) ? { detached: head } : undefined;
}

/** A loose ref's sha; undefined when it is packed, missing or unreadable (callers then ask git). */
export async function readLooseRef(commonDir: string, ref: string, files: MetadataFiles = ASYNCHRONOUS_FILES): Promise<string | undefined> {
  if (!ref.startsWith('refs/') || ref.includes('..')) return undefined;
  const sha = (await files.readText(join(commonDir, ref)))?.trim();
  return sha !== undefined && SHA.test(sha) ? sha : undefined;
}

/** The sha of the first line of FETCH_HEAD, written by the last `git fetch`. */
export async function readFetchHead(gitDir: string, files: MetadataFiles = ASYNCHRONOUS_FILES): Promise<string | undefined> {
  const sha = (await files.readText(join(gitDir, 'FETCH_HEAD')))?.split('\t', 1)[0]?.trim();
  return sha !== undefined && SHA.test(sha) ? sha : undefined;
}

async function atDotGit(dir: string, files: MetadataFiles): Promise<RepositoryLocation | undefined> {
  const dotGit = join(dir, '.git');
  const kind = await files.kind(dotGit);
  if (kind === undefined) return undefined;
  let gitDir = dotGit;
  if (kind === 'file') {
    const pointer = (await files.readText(dotGit))?.trim();
    if (pointer?.startsWith('gitdir: ') !== true) return undefined;
    gitDir = resolve(dir, pointer.slice('gitdir: '.length));
  }
  return { topLevel: dir, gitDir, commonDir: await commonDirOf(gitDir, files), bare: false };
}

async function asBare(dir: string, files: MetadataFiles): Promise<RepositoryLocation | undefined> {
  const [head, objects, refs] = await Promise.all(['HEAD', 'objects', 'refs'].map((name) => files.kind(join(dir, name))));
  if (head !== 'file' || objects !== 'directory' || refs !== 'directory') return undefined;
  return { topLevel: dir, gitDir: dir, commonDir: await commonDirOf(dir, files), bare: true };
}

async function commonDirOf(gitDir: string, files: MetadataFiles): Promise<string> {
  const pointer = (await files.readText(join(gitDir, 'commondir')))?.trim();
  return pointer === undefined || pointer === '' ? gitDir : resolve(gitDir, pointer);
}
