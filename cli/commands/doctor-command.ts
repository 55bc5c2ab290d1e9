import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDuration } from '../../shared/core/parse-duration.ts';
import { assertTimeZone } from '../../shared/core/started-time.ts';
import { TractError, ValidationError } from '../../shared/core/tract-error.ts';
import type { GitRepository } from '../../shared/git/git-repository.ts';
import { hasWorklogMergeDriver } from '../../shared/git/worklog-merge-driver.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { formatConfigProblem, readConfig, REPO_CONFIG_PATH, type LoadedConfig } from '../config/load-config.ts';
import { CONFIG_KEYS, CONFIG_KEY_NAMES, type ConfigKey } from '../config/config-keys.ts';
import { openRepository, resolveAuthor, workspaceOf, type Workspace } from '../workspace/open-workspace.ts';
import { formatProblem } from '../workspace/report-records.ts';
import type { Check, CheckLevel } from './doctor-check.ts';
import { checkSyncServer } from './doctor-server.ts';
import { HOOK_NAME } from './hook-script.ts';
import { withUnionRule } from './init-command.ts';

const MARK: Record<CheckLevel, string> = { ok: '✓', warn: '⚠️', fail: '✗' };

/** `tract doctor`: one ✓ / ⚠️ / ✗ line per check; exit 0 only when nothing is ✗. */
export async function runDoctor(ctx: CommandContext): Promise<CommandResult> {
  const checks: Check[] = [];
  const say = (check: Check) => {
    checks.push(check);
    ctx.terminal.out(`${MARK[check.level]} ${check.text}`);
  };
  const repo = await openRepository(ctx).catch((err: unknown) => {
    if (err instanceof ValidationError) say({ level: 'fail', text: `git: ${err.message}` });
    else throw err;
    return undefined;
  });
  if (repo !== undefined) await checkRepository(ctx, repo, say);
  const failures = checks.filter((check) => check.level === 'fail').length;
  if (failures === 0) return {};
  return { failure: new ValidationError(`tract doctor found ${failures} problem${failures === 1 ? '' : 's'}`, { reason: 'DoctorFailed' }) };
}

async function checkRepository(ctx: CommandContext, repo: GitRepository, say: (check: Check) => void): Promise<void> {
  say({ level: 'ok', text: `git: repository ${repo.dir}` });
  const initialised = await exists(join(repo.dir, REPO_CONFIG_PATH));
  say(initialised ? { level: 'ok', text: `tract: ${REPO_CONFIG_PATH} present` } : { level: 'fail', text: 'tract: not set up here: run `tract init`' });
  const loaded = await readConfig({ repoDir: repo.dir, env: ctx.env, flags: ctx.globals.configFlags });
  const ws = workspaceOf(repo, loaded);
  for (const check of configChecks(loaded)) say(check);
  say(await authorCheck(ctx, ws));
  for (const check of valueChecks(ws)) say(check);
  for (const check of await gitChecks(ws)) say(check);
  for (const check of await checkSyncServer(ws)) say(check);
  if (initialised && loaded.problems.length === 0) for (const check of await fileChecks(ws)) say(check);
}

function configChecks(loaded: LoadedConfig): Check[] {
  const checks: Check[] = loaded.problems.map((problem) => ({ level: 'fail', text: `config: ${formatConfigProblem(problem)}` }));
  for (const layer of loaded.layers) {
    for (const key of layer.decoded.unknownKeys) checks.push({ level: 'warn', text: `config: ${layer.where}: unknown key "${key}" ignored` });
  }
  if (checks.length === 0) checks.push({ level: 'ok', text: 'config: valid' });
  return [...checks, ...CONFIG_KEY_NAMES.flatMap((key) => settingLine(loaded, key))];
}

/** `config: timezone = Europe/Berlin (env: environment; env TRACT_TIMEZONE)`; secrets only as "(set)". */
function settingLine(loaded: LoadedConfig, key: ConfigKey): Check[] {
  const value = key === 'sync.token' ? (loaded.config.sync.token ? '(set)' : undefined) : configValue(loaded, key);
  if (value === undefined || key === 'author') return [];
  const source = loaded.sources[key];
  const layer = loaded.layers.find((l) => l.source === source);
  const from = source === 'default' ? 'default' : `${source}: ${layer?.where ?? ''}`;
  return [{ level: 'ok', text: `config: ${key} = ${String(value)} (${from}; env ${CONFIG_KEYS[key].env})` }];
}

function configValue(loaded: LoadedConfig, key: string): string | number | boolean | undefined {
  const { config } = loaded;
  const flat: Record<string, string | number | boolean | undefined> = {
    author: config.author,
    timezone: config.timezone,
    hoursPerDay: config.hoursPerDay,
    daysPerWeek: config.daysPerWeek,
    dailyTarget: config.dailyTarget,
    worklogDir: config.worklogDir,
    'sync.enabled': config.sync.enabled,
    'sync.server': config.sync.server,
    'sync.repo': config.sync.repo,
  };
  return flat[key];
}

async function authorCheck(ctx: CommandContext, ws: Workspace): Promise<Check> {
  try {
    const { author, derived } = await resolveAuthor(ws, ctx.env);
    const from = derived ? 'derived from git user.email' : ws.loaded.sources.author;
    return { level: 'ok', text: `author: ${author} (${from})` };
  } catch (err) {
    if (err instanceof TractError) return { level: 'fail', text: `author: ${err.message}` };
    throw err;
  }
}

function valueChecks(ws: Workspace): Check[] {
  const checks: Check[] = [];
  const attempt = (what: string, run: () => string) => {
    try {
      checks.push({ level: 'ok', text: `${what}: ${run()}` });
    } catch (err) {
      if (!(err instanceof TractError)) throw err;
      checks.push({ level: 'fail', text: `${what}: ${err.message}` });
    }
  };
  attempt('timezone', () => `${assertTimeZone(ws.config.timezone)}${ws.loaded.sources.timezone === 'default' ? ' (this machine)' : ''}`);
  attempt('daily target', () => `${ws.config.dailyTarget} = ${parseDuration(ws.config.dailyTarget, ws.units) / 3600}h`);
  return checks;
}

async function gitChecks(ws: Workspace): Promise<Check[]> {
  const checks: Check[] = [];
  const origin = await ws.repo.remoteUrl('origin');
  checks.push(origin === undefined ? { level: 'warn', text: 'git remote: no "origin": worklogs stay on this machine' } : { level: 'ok', text: `git remote: origin ${origin.replace(/\/\/[^@/]*@/, '//')}` });
  const attributes = await readFile(join(ws.dir, '.gitattributes'), 'utf8').catch(() => '');
  const hasRule = withUnionRule(attributes, ws.config.worklogDir) === attributes;
  checks.push(hasRule ? { level: 'ok', text: `.gitattributes: ${ws.config.worklogDir}/*.jsonl merge=union` } : { level: 'fail', text: '.gitattributes: the union merge rule is missing: run `tract init`' });
  checks.push(await hasWorklogMergeDriver(ws.repo, ws.config.worklogDir)
    ? { level: 'ok', text: 'merge driver: month files merge by record id in this clone' }
    : { level: 'warn', text: 'merge driver: not registered in this clone (merges fall back to merge=union and leave stale copies): run `tract init`' });
  const hook = await readFile(join(ws.dir, '.git', 'hooks', HOOK_NAME), 'utf8').catch(() => '');
  checks.push(hook.includes('hook-report') ? { level: 'ok', text: `hooks: ${HOOK_NAME} installed` } : { level: 'warn', text: 'hooks: none: `tract init` installs it so that a plain `git push` reports the sync' });
  return checks;
}

async function fileChecks(ws: Workspace): Promise<Check[]> {
  const snapshot = await ws.worklogs.readWorkingTree();
  const queue = await ws.worklogs.readWorkingQueue();
  const checks: Check[] = [{ level: 'ok', text: `worklogs: ${snapshot.records.records.length} records in ${snapshot.files.length} file${snapshot.files.length === 1 ? '' : 's'}` }];
  for (const problem of snapshot.problems) checks.push({ level: 'warn', text: `worklogs: ${formatProblem(problem)}` });
  const stale = snapshot.records.superseded.length;
  if (stale > 0) checks.push({ level: 'warn', text: `worklogs: ${stale} stale cop${stale === 1 ? 'y' : 'ies'} of records that stand on more than one line (a union merge): resolved when read; Tract's next write of the file removes them` });
  for (const q of queue) if (q.problem !== undefined) checks.push({ level: 'fail', text: `queue: ${q.problem}` });
  const valid = queue.filter((q) => q.entry !== undefined).length;
  if (valid > 0) checks.push({ level: 'warn', text: `queue: ${valid} worklog${valid === 1 ? '' : 's'} queued: \`tract push\` when the sync server is back` });
  return checks;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
