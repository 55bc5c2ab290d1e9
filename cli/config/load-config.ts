import { parseDocument } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWeekdays } from '../../shared/core/weekdays.ts';
import { ValidationError } from '../../shared/core/tract-error.ts';
import { CONFIG_KEY_NAMES, type ConfigKey } from './config-keys.ts';
import {
  decodeConfigEnv,
  decodeConfigObject,
  type ConfigProblem,
  type ConfigValues,
  type DecodedConfig,
} from './decode-config-values.ts';

export const REPO_CONFIG_PATH = '.tract/config.yaml';

export type ConfigSource = 'flag' | 'env' | 'repo' | 'user' | 'git' | 'default';

export interface TractConfig {
  /** Undefined until resolved from git (`resolveAuthor`). */
  author: string | undefined;
  timezone: string;
  hoursPerDay: number;
  daysPerWeek: number;
  dailyTarget: string;
  worklogDir: string;
  /** A running timer longer than this is not logged blindly (cli/timer). */
  timerLimit: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) without a daily target. */
  nonWorkingDays: readonly number[];
  /** Code repositories `tract suggest` reads. */
  suggestRepos: readonly string[];
  sync: { enabled: boolean; server: string | undefined; repo: string | undefined; token: string | undefined };
}

export interface ConfigLayer {
  source: Exclude<ConfigSource, 'default' | 'git'>;
  /** File path, `environment` or `flags`. */
  where: string;
  decoded: DecodedConfig;
}

export interface LoadedConfig {
  config: TractConfig;
  sources: Record<ConfigKey, ConfigSource>;
  layers: ConfigLayer[];
  problems: ConfigProblem[];
}

export interface LoadConfigInput {
  /** Top-level directory of the repository, when there is one. */
  repoDir: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  flags: ConfigValues;
}

/** The user-level file: `$XDG_CONFIG_HOME/tract/config.yaml`, else `~/.config/tract/config.yaml`. */
export function userConfigPath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'tract', 'config.yaml');
  return env.HOME ? join(env.HOME, '.config', 'tract', 'config.yaml') : undefined;
}

/** Reads every layer and resolves the config; returns the problems instead of throwing (for `doctor`). */
export async function readConfig(input: LoadConfigInput): Promise<LoadedConfig> {
  const layers: ConfigLayer[] = [{ source: 'flag', where: 'flags', decoded: { values: input.flags, problems: [], unknownKeys: [] } }];
  layers.push({ source: 'env', where: 'environment', decoded: decodeConfigEnv(input.env) });
  if (input.repoDir !== undefined) {
    const path = join(input.repoDir, REPO_CONFIG_PATH);
    const decoded = readConfigFile(path, REPO_CONFIG_PATH);
    if (decoded) layers.push({ source: 'repo', where: REPO_CONFIG_PATH, decoded: refuseSecrets(decoded, REPO_CONFIG_PATH) });
  }
  const userPath = userConfigPath(input.env);
  const userDecoded = userPath === undefined ? undefined : readConfigFile(userPath, userPath);
  if (userPath !== undefined && userDecoded) layers.push({ source: 'user', where: userPath, decoded: userDecoded });
  return resolveLayers(layers);
}

/** As `readConfig`, but any problem is a ValidationError (one line, the first problem and a count). */
export async function loadConfig(input: LoadConfigInput): Promise<LoadedConfig> {
  const loaded = await readConfig(input);
  const [first, ...rest] = loaded.problems;
  if (first !== undefined) {
    const more = rest.length > 0 ? ` (+${rest.length} more; run \`tract doctor\`)` : '';
    throw new ValidationError(`Invalid configuration: ${formatConfigProblem(first)}${more}`, { reason: 'InvalidConfig' });
  }
  return loaded;
}

export function formatConfigProblem(problem: ConfigProblem): string {
  return `${problem.where}: ${problem.key}: expected ${problem.expected}, found ${problem.found}`;
}

function resolveLayers(layers: ConfigLayer[]): LoadedConfig {
  const sources = {} as Record<ConfigKey, ConfigSource>;
  const pick = <T>(key: ConfigKey, fallback: T | (() => T)): T => {
    const layer = layers.find((l) => l.decoded.values[key] !== undefined);
    sources[key] = layer?.source ?? 'default';
    const value = layer?.decoded.values[key] as T | undefined;
    if (value !== undefined) return value;
    return typeof fallback === 'function' ? (fallback as () => T)() : fallback;
  };
  const server = pick<string | undefined>('sync.server', undefined);
  const zone = pick<string | undefined>('timezone', undefined);
  let machineZone: string | undefined;
  const config: TractConfig = {
    author: pick<string | undefined>('author', undefined),
    // The machine's zone is asked only when used: Intl's start-up costs more than `tract log`'s commit.
    get timezone(): string {
      return zone ?? (machineZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
    },
    hoursPerDay: pick('hoursPerDay', 8),
    daysPerWeek: pick('daysPerWeek', 5),
    dailyTarget: pick('dailyTarget', '1d'),
    worklogDir: pick('worklogDir', 'worklogs').replace(/\/+$/, ''),
    timerLimit: pick('timerLimit', '10h'),
    nonWorkingDays: parseWeekdays(pick('nonWorkingDays', 'Sat,Sun')) ?? [6, 7],
    suggestRepos: splitList(pick('suggest.repos', '')),
    sync: {
      enabled: pick('sync.enabled', true),
      server: server?.replace(/\/+$/, ''),
      repo: pick<string | undefined>('sync.repo', undefined),
      token: pick<string | undefined>('sync.token', undefined),
    },
  };
  for (const key of CONFIG_KEY_NAMES) sources[key] ??= 'default';
  return { config, sources, layers, problems: layers.flatMap((l) => l.decoded.problems) };
}

function splitList(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function readConfigFile(path: string, where: string): DecodedConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ValidationError(`Cannot read ${where}: ${(err as Error).message}`, { cause: err });
  }
  const doc = parseDocument(text);
  const [error] = doc.errors;
  if (error !== undefined) {
    const line = error.linePos?.[0].line;
    const at = line === undefined ? where : `${where}:${line}`;
    return { values: {}, unknownKeys: [], problems: [{ where: at, key: '(file)', expected: 'valid YAML', found: error.message.split('\n')[0] ?? '' }] };
  }
  return decodeConfigObject(doc.toJS(), where);
}

function refuseSecrets(decoded: DecodedConfig, where: string): DecodedConfig {
  if (decoded.values['sync.token'] === undefined) return decoded;
  const values = { ...decoded.values };
  delete values['sync.token'];
  const problem: ConfigProblem = {
    where,
    key: 'sync.token',
    expected: `no secret in a committed file (use TRACT_SYNC_TOKEN or the user config)`,
    found: 'a token',
  };
  return { ...decoded, values, problems: [...decoded.problems, problem] };
}
