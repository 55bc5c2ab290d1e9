import { parseDuration } from '../../shared/core/parse-duration.ts';
import { parseWeekdays } from '../../shared/core/weekdays.ts';
import { CONFIG_KEYS, CONFIG_KEY_NAMES, type ConfigKey, type ConfigValue } from './config-keys.ts';

export type ConfigValues = Partial<Record<ConfigKey, ConfigValue>>;

export interface ConfigProblem {
  /** Where the value came from: a file path or an environment variable. */
  where: string;
  key: string;
  expected: string;
  found: string;
}

export interface DecodedConfig {
  values: ConfigValues;
  problems: ConfigProblem[];
  /** Keys this version does not know (reported by `doctor`, otherwise ignored). */
  unknownKeys: string[];
}

/** Decodes a parsed config file (`author`, `sync: { server }` …), collecting every problem. */
export function decodeConfigObject(parsed: unknown, where: string): DecodedConfig {
  if (parsed === null || parsed === undefined) return { values: {}, problems: [], unknownKeys: [] };
  if (!isObject(parsed)) {
    return { values: {}, problems: [{ where, key: '(file)', expected: 'a YAML mapping', found: describe(parsed) }], unknownKeys: [] };
  }
  const flat = flatten(parsed);
  const result: DecodedConfig = { values: {}, problems: [], unknownKeys: [] };
  for (const [key, raw] of Object.entries(flat)) {
    if (!(key in CONFIG_KEYS)) {
      result.unknownKeys.push(key);
      continue;
    }
    decodeInto(result, key as ConfigKey, raw, where);
  }
  return result;
}

/** Decodes `TRACT_*` environment variables; an empty variable counts as unset. */
export function decodeConfigEnv(env: Readonly<Record<string, string | undefined>>): DecodedConfig {
  const result: DecodedConfig = { values: {}, problems: [], unknownKeys: [] };
  for (const key of CONFIG_KEY_NAMES) {
    const spec = CONFIG_KEYS[key];
    const raw = env[spec.env];
    if (raw === undefined || raw.trim() === '') continue;
    decodeInto(result, key, coerce(raw.trim(), spec.type), spec.env);
  }
  return result;
}

function decodeInto(result: DecodedConfig, key: ConfigKey, raw: unknown, where: string): void {
  const problem = checkValue(key, raw);
  if (problem === undefined) result.values[key] = raw as ConfigValue;
  else result.problems.push({ where, key, expected: problem, found: describe(raw) });
}

/** Returns what was expected when `raw` is not acceptable for `key`. */
function checkValue(key: ConfigKey, raw: unknown): string | undefined {
  const spec = CONFIG_KEYS[key];
  if (typeof raw !== spec.type) return `a ${spec.type}`;
  return RULES[key]?.(raw as never);
}

const RULES: Partial<Record<ConfigKey, (value: never) => string | undefined>> = {
  author: (v: string) => (/^[^\s|]+$/.test(v) ? undefined : 'a username without spaces'),
  hoursPerDay: (v: number) => (v > 0 && v <= 24 ? undefined : 'hours between 0 and 24'),
  daysPerWeek: (v: number) => (Number.isInteger(v) && v >= 1 && v <= 7 ? undefined : 'a whole number of days from 1 to 7'),
  worklogDir: (v: string) =>
    v !== '' && !v.startsWith('/') && !v.split('/').includes('..') ? undefined : 'a folder inside the repository',
  timerLimit: (v: string) => (isDuration(v) ? undefined : 'a duration such as 10h'),
  nonWorkingDays: (v: string) => (parseWeekdays(v) === undefined ? 'weekday names separated by commas, e.g. Sat,Sun' : undefined),
  'sync.server': (v: string) => (/^https?:\/\/[^\s/]+/.test(v) ? undefined : 'an http(s) URL such as http://tract-server:3100'),
  'sync.repo': (v: string) => (/^[a-z0-9][a-z0-9.-]*\/[a-z0-9][a-z0-9.-]*$/.test(v) ? undefined : '<namespace>/<name>'),
};

function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

function coerce(raw: string, type: 'string' | 'number' | 'boolean'): unknown {
  if (type === 'number') return /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(raw)) return true;
    if (/^(false|0|no|off)$/i.test(raw)) return false;
  }
  return raw;
}

function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix + key;
    if (isObject(inner) && !(path in CONFIG_KEYS)) Object.assign(out, flatten(inner, `${path}.`));
    else out[path] = inner;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : String(value);
}
