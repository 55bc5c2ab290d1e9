import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mergeWorklogFiles } from '../../shared/core/merge-worklog-files.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';

export interface MergeWorklogsOptions {
  base: string;
  ours: string;
  theirs: string;
}

/**
 * `tract merge-worklogs %O %A %B %P`, run by git as the merge driver `tract init` registers
 * (docs/git.md, "The merge driver"): merges a month file by record id and writes the result over ours.
 * Any error leaves ours as it was and exits non-zero, which git reports as a conflict.
 */
export async function runMergeWorklogs(ctx: CommandContext, opts: MergeWorklogsOptions): Promise<CommandResult> {
  const read = (path: string): string => readFileSync(resolve(ctx.io.cwd, path), 'utf8');
  const merged = mergeWorklogFiles(read(opts.base), read(opts.ours), read(opts.theirs));
  writeFileSync(resolve(ctx.io.cwd, opts.ours), merged);
  return {};
}
