import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertTimeZone } from '../../shared/core/started-time.ts';
import { TractError, ValidationError } from '../../shared/core/tract-error.ts';
import { GitRepository } from '../../shared/git/git-repository.ts';
import { registerWorklogMergeDriver } from '../../shared/git/worklog-merge-driver.ts';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { decodeConfigObject } from '../config/decode-config-values.ts';
import { formatConfigProblem, loadConfig, REPO_CONFIG_PATH } from '../config/load-config.ts';
import { gitOptionsFor, resolveAuthor, startDir, workspaceOf, type Workspace } from '../workspace/open-workspace.ts';
import { explainUnpublished, publish, publishFailure } from '../workspace/publish.ts';
import { hookScript, HOOK_NAME } from './hook-script.ts';
import { parseDocument } from 'yaml';

export interface InitOptions {
  hooks: boolean;
}

const CONFIG_HEADER = `# Tract settings for this repository (see docs/cli.md). Flags and TRACT_* environment variables
# override them; ~/.config/tract/config.yaml is read after this file.
`;

/**
 * `tract init`: `.tract/config.yaml`, `<worklogDir>/.gitkeep`, the union merge rule in `.gitattributes`,
 * one commit `[tract] Initialise tract` (none when nothing changed), the worklog merge driver in this
 * clone's own git configuration (re-registered on every run), optionally the push hook.
 */
export async function runInit(ctx: CommandContext, opts: InitOptions): Promise<CommandResult> {
  const settings = validatedSettings(ctx);
  const repo = await openOrInitRepository(ctx);
  const configText = await readOptional(join(repo.dir, REPO_CONFIG_PATH));
  const files = new Map<string, string>();
  const newConfig = await updatedConfig(configText, settings);
  if (newConfig !== configText) files.set(REPO_CONFIG_PATH, newConfig);
  await writeAll(repo.dir, files);
  const loaded = await loadConfig({ repoDir: repo.dir, env: ctx.env, flags: ctx.globals.configFlags });
  const dir = loaded.config.worklogDir;
  const ws = workspaceOf(repo, loaded);
  await ensureFile(repo.dir, `${dir}/.gitkeep`, files, () => '');
  const attributes = await readOptional(join(repo.dir, '.gitattributes'));
  const withRule = withUnionRule(attributes, dir);
  if (withRule !== attributes) files.set('.gitattributes', withRule);
  await writeAll(repo.dir, files);
  const paths = [REPO_CONFIG_PATH, `${dir}/.gitkeep`, '.gitattributes'];
  const changed = (await ws.worklogs.commitPathsIfChanged(paths, { kind: 'init' })) !== undefined;
  await registerWorklogMergeDriver(repo, [ctx.io.nodeBin, ctx.io.tractBin, 'merge-worklogs'], dir);
  if (opts.hooks) await repo.installHook(HOOK_NAME, hookScript(ctx.io.nodeBin, ctx.io.tractBin));
  return reportInit(ctx, ws, changed, opts.hooks);
}

interface InitSettings {
  author?: string;
  timezone?: string;
  server?: string;
}

function validatedSettings(ctx: CommandContext): InitSettings {
  const flags = ctx.globals.configFlags;
  const settings: InitSettings = {};
  if (typeof flags.author === 'string') settings.author = flags.author;
  if (typeof flags.timezone === 'string') settings.timezone = assertTimeZone(flags.timezone);
  if (typeof flags['sync.server'] === 'string') settings.server = flags['sync.server'];
  const { problems } = decodeConfigObject({ author: settings.author, sync: { server: settings.server } }, 'flags');
  const [first] = problems.filter((p) => p.found !== 'undefined');
  if (first !== undefined) throw new ValidationError(`Invalid ${formatConfigProblem(first).replace(/^flags: /, '--')}`);
  return settings;
}

async function openOrInitRepository(ctx: CommandContext): Promise<GitRepository> {
  const dir = startDir(ctx);
  try {
    return await GitRepository.open(dir, gitOptionsFor(ctx.env));
  } catch (err) {
    if (!(err instanceof TractError) || err.reason !== 'NotAGitRepository') throw err;
    return GitRepository.init(dir, gitOptionsFor(ctx.env));
  }
}

/** Sets the given keys, keeping the rest of the file (comments included) byte-for-byte when nothing changes. */
async function updatedConfig(text: string | undefined, settings: InitSettings): Promise<string> {
  const doc = parseDocument(text ?? `${CONFIG_HEADER}sync:\n  enabled: true\n`);
  if (doc.errors.length > 0) throw new ValidationError(`${REPO_CONFIG_PATH} is not valid YAML: fix it or remove it, then re-run \`tract init\``);
  const wanted: [string[], string | undefined][] = [
    [['author'], settings.author],
    [['timezone'], settings.timezone],
    [['sync', 'server'], settings.server],
  ];
  let changed = text === undefined;
  for (const [path, value] of wanted) {
    if (value === undefined || doc.getIn(path) === value) continue;
    doc.setIn(path, value);
    changed = true;
  }
  return changed || text === undefined ? doc.toString() : text;
}

/** Adds `<dir>/*.jsonl merge=union` once, keeping every other line. */
export function withUnionRule(text: string | undefined, worklogDir: string): string {
  const rule = `${worklogDir}/*.jsonl merge=union`;
  const current = text ?? '';
  if (current.split(/\r?\n/).some((line) => line.trim().split(/\s+/).join(' ') === rule)) return current;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  return `${current}${separator}${rule}\n`;
}

async function ensureFile(root: string, path: string, files: Map<string, string>, content: () => string): Promise<void> {
  const exists = await access(join(root, path)).then(() => true, () => false);
  if (!exists) files.set(path, content());
}

async function writeAll(root: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

async function reportInit(ctx: CommandContext, ws: Workspace, changed: boolean, hooks: boolean): Promise<CommandResult> {
  const published = changed ? await publish(ws, true) : ({ kind: 'skipped', originUrl: undefined } as const);
  if (published.kind === 'failed') explainUnpublished(ctx.terminal, published);
  if (changed) ctx.terminal.ok(`Initialised tract in ${ws.dir}`);
  else ctx.terminal.ok(`Tract is already set up in ${ws.dir}; nothing changed`);
  await describeSetup(ctx, ws);
  if (hooks) ctx.terminal.out(`  hook: ${HOOK_NAME} installed (a plain \`git push\` reports the sync)`);
  const failure = publishFailure(published);
  return failure === undefined ? {} : { failure };
}

async function describeSetup(ctx: CommandContext, ws: Workspace): Promise<void> {
  const { config, loaded } = ws;
  try {
    const { author, derived } = await resolveAuthor(ws, ctx.env);
    ctx.terminal.out(`  author: ${author}${derived ? ' (from git user.email)' : ''}`);
  } catch {
    ctx.terminal.warn('No author yet: run `tract init --author NAME` or set git user.email');
  }
  ctx.terminal.out(`  timezone: ${config.timezone}${loaded.sources.timezone === 'default' ? ' (this machine)' : ''}`);
  ctx.terminal.out(`  worklogs: ${config.worklogDir}/YYYY-MM.jsonl (merged by record id in this clone; merge=union elsewhere)`);
  const server = config.sync.enabled && config.sync.server !== undefined ? config.sync.server : 'disabled';
  ctx.terminal.out(`  sync server: ${server}`);
}
