/**
 * Every setting of `tract`, with its environment variable (docs/cli.md: flags > environment >
 * `.tract/config.yaml` > `~/.config/tract/config.yaml` > defaults).
 */
export type ConfigKey =
  | 'author'
  | 'timezone'
  | 'hoursPerDay'
  | 'daysPerWeek'
  | 'dailyTarget'
  | 'worklogDir'
  | 'timerLimit'
  | 'nonWorkingDays'
  | 'suggest.repos'
  | 'sync.enabled'
  | 'sync.server'
  | 'sync.repo'
  | 'sync.token';

export type ConfigValueType = 'string' | 'number' | 'boolean';
export type ConfigValue = string | number | boolean;

export interface ConfigKeySpec {
  type: ConfigValueType;
  env: string;
  description: string;
  /** Secrets are never shown by `doctor` and refused in the committed repository file. */
  secret?: boolean;
}

export const CONFIG_KEYS: Readonly<Record<ConfigKey, ConfigKeySpec>> = {
  author: { type: 'string', env: 'TRACT_AUTHOR', description: 'your tract username, e.g. john.mcmullan' },
  timezone: { type: 'string', env: 'TRACT_TIMEZONE', description: 'IANA zone for days, weeks and months' },
  hoursPerDay: { type: 'number', env: 'TRACT_HOURS_PER_DAY', description: 'hours in `1d` (default 8)' },
  daysPerWeek: { type: 'number', env: 'TRACT_DAYS_PER_WEEK', description: 'days in `1w` (default 5)' },
  dailyTarget: { type: 'string', env: 'TRACT_DAILY_TARGET', description: 'daily target for timesheets (default 1d)' },
  worklogDir: { type: 'string', env: 'TRACT_WORKLOG_DIR', description: 'folder of the JSONL files (default worklogs)' },
  timerLimit: { type: 'string', env: 'TRACT_TIMER_LIMIT', description: 'a longer timer needs `tract stop --at` or --force (default 10h)' },
  nonWorkingDays: { type: 'string', env: 'TRACT_NON_WORKING_DAYS', description: 'days without a target, e.g. Sat,Sun (the default; "" for none)' },
  'suggest.repos': { type: 'string', env: 'TRACT_SUGGEST_REPOS', description: 'code repositories `tract suggest` reads, comma-separated paths' },
  'sync.enabled': { type: 'boolean', env: 'TRACT_SYNC_ENABLED', description: 'false turns the sync server off' },
  'sync.server': { type: 'string', env: 'TRACT_SYNC_SERVER', description: 'sync server URL, e.g. http://tract-server:3100' },
  'sync.repo': { type: 'string', env: 'TRACT_SYNC_REPO', description: 'the TractRepo as <namespace>/<name>' },
  'sync.token': { type: 'string', env: 'TRACT_SYNC_TOKEN', description: 'API token of the sync server', secret: true },
};

export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];
