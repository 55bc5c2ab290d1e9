/**
 * Tract's git merge driver for month files (docs/git.md, "The merge driver"): registered in a clone's own
 * configuration, never committed, so clones without Tract fall back to the committed `merge=union` rule,
 * which the resolution rule makes correct too.
 */
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import type { GitRepository } from './git-repository.ts';
import { shellQuote } from './shell-quote.ts';

export const WORKLOG_MERGE_DRIVER = 'tract-worklogs';

/** The `.git/info/attributes` rule: local attributes win over the committed `.gitattributes`. */
export function mergeDriverRule(worklogDir: string): string {
  return `${worklogDir.replace(/\/+$/, '')}/*.jsonl merge=${WORKLOG_MERGE_DRIVER}`;
}

/**
 * Registers the driver: `command` is the argv that merges (e.g. node, tract's bin, `merge-worklogs`);
 * git appends the base, ours, theirs and the path. Idempotent: re-running replaces the command.
 */
export async function registerWorklogMergeDriver(repo: GitRepository, command: readonly string[], worklogDir: string): Promise<void> {
  await repo.setLocalConfig(`merge.${WORKLOG_MERGE_DRIVER}.name`, 'Tract worklogs: merge month files by record id');
  await repo.setLocalConfig(`merge.${WORKLOG_MERGE_DRIVER}.driver`, `${command.map(shellQuote).join(' ')} %O %A %B %P`);
  const path = await repo.gitPath('info/attributes');
  const current = await fsp.readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const rule = mergeDriverRule(worklogDir);
  if (current.split(/\r?\n/).some((line) => line.trim() === rule)) return;
  await fsp.mkdir(dirname(path), { recursive: true });
  await fsp.writeFile(path, `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${rule}\n`);
}

/** Whether this clone has the driver registered (for `tract doctor`). */
export async function hasWorklogMergeDriver(repo: GitRepository, worklogDir: string): Promise<boolean> {
  const driver = await repo.readLocalConfig(`merge.${WORKLOG_MERGE_DRIVER}.driver`);
  if (driver === undefined) return false;
  const attributes = await fsp.readFile(await repo.gitPath('info/attributes'), 'utf8').catch(() => '');
  return attributes.split(/\r?\n/).some((line) => line.trim() === mergeDriverRule(worklogDir));
}
