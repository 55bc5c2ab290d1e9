import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { DurationUnits } from '../../shared/core/parse-duration.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import { GitRepository, SYNCHRONOUS_FILES, type GitOptions } from '../../shared/git/git-repository.ts';
import { SYNCHRONOUS_WORKTREE, WorklogRepository } from '../../shared/git/worklog-repository.ts';
import type { CommandContext, Env } from '../command-context.ts';
import { loadConfig, REPO_CONFIG_PATH, type LoadedConfig, type TractConfig } from '../config/load-config.ts';
import { gitUserEmail } from './git-user-email.ts';

/** An initialised tract repository and its resolved configuration. */
export interface Workspace {
  repo: GitRepository;
  /** The only reader and writer of the worklog files (shared/git/worklog-repository.ts). */
  worklogs: WorklogRepository;
  /** Top-level directory of the working tree. */
  dir: string;
  loaded: LoadedConfig;
  config: TractConfig;
  units: DurationUnits;
}

/** The directory the command works in: `-C DIR` relative to the start directory. */
export function startDir(ctx: CommandContext): string {
  const dir = ctx.globals.dir;
  if (dir === undefined) return ctx.io.cwd;
  return isAbsolute(dir) ? dir : resolve(ctx.io.cwd, dir);
}

/**
 * Git environment of tract's own git commands. `TRACT_HOOK_SKIP` keeps the hook `tract init`
 * installs quiet: tract reports its own pushes.
 */
export function gitOptionsFor(env: Env): GitOptions {
  return { env: { ...env, TRACT_HOOK_SKIP: '1' }, files: SYNCHRONOUS_FILES };
}

export async function openRepository(ctx: CommandContext): Promise<GitRepository> {
  return GitRepository.open(startDir(ctx), gitOptionsFor(ctx.env));
}

/** Opens the repository and loads the config; ValidationError when `tract init` has not run here. */
export async function openWorkspace(ctx: CommandContext): Promise<Workspace> {
  const repo = await openRepository(ctx);
  if (!existsSync(join(repo.dir, REPO_CONFIG_PATH))) {
    throw new ValidationError(`${repo.dir} is not set up for tract: run \`tract init\` there first`, { reason: 'NotInitialised' });
  }
  const loaded = await loadConfig({ repoDir: repo.dir, env: ctx.env, flags: ctx.globals.configFlags });
  return workspaceOf(repo, loaded);
}

/** The workspace of an opened repository whose configuration is loaded. */
export function workspaceOf(repo: GitRepository, loaded: LoadedConfig): Workspace {
  const config = loaded.config;
  const units = { hoursPerDay: config.hoursPerDay, daysPerWeek: config.daysPerWeek };
  const worklogs = new WorklogRepository(repo, { worklogDir: config.worklogDir, units, files: SYNCHRONOUS_WORKTREE });
  return { repo, worklogs, dir: repo.dir, loaded, config, units };
}

/**
 * The author: configured (flag, env, files), else the local part of `git config user.email`
 * (john.mcmullan@example.com → john.mcmullan).
 */
export async function resolveAuthor(ws: Workspace, env: Env): Promise<{ author: string; derived: boolean }> {
  if (ws.config.author !== undefined) return { author: ws.config.author, derived: false };
  const email = gitUserEmail(ws.dir, env);
  const local = email?.split('@')[0]?.trim();
  if (local) return { author: local, derived: true };
  throw new ValidationError('No author configured: run `tract init --author NAME` (or set TRACT_AUTHOR)', { reason: 'NoAuthor' });
}
