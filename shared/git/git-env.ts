import type { GitCredentials, GitOptions } from './git-types.ts';

/** Set by git in hooks; inherited, they would point our commands at another repository or index. */
const REPOSITORY_OVERRIDES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_PREFIX',
  'GIT_NAMESPACE',
  'GIT_QUARANTINE_PATH',
];

/** Ways config reaches git from the environment; dropped when the caller asks for isolation. */
const CONFIG_OVERRIDES = ['GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_SYSTEM'];

const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * The environment every git command of one repository runs with. Credentials travel here (config via
 * `GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n`, or `GIT_SSH_COMMAND`), never in argv, where `ps` would show them.
 */
export function gitEnv(options: GitOptions): Record<string, string> {
  const env = copyDefined(options.env ?? {});
  for (const name of REPOSITORY_OVERRIDES) delete env[name];
  delete env.LANGUAGE;
  env.PATH ??= FALLBACK_PATH;
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    LC_ALL: 'C',
    GIT_EDITOR: 'true',
    GIT_MERGE_AUTOEDIT: 'no',
    GIT_OPTIONAL_LOCKS: '0',
  });
  if (options.isolateConfig === true) isolate(env);
  appendConfig(env, credentialConfig(options.credentials));
  if (options.credentials?.kind === 'ssh') env.GIT_SSH_COMMAND = sshCommand(options.credentials);
  return env;
}

/** The secret values of these credentials, as they could appear in git's output. */
export function credentialSecrets(credentials: GitCredentials | undefined): string[] {
  switch (credentials?.kind) {
    case 'basic':
      return [credentials.password, basicToken(credentials)];
    case 'bearer':
      return [credentials.token];
    default:
      return [];
  }
}

function copyDefined(base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  return env;
}

function isolate(env: Record<string, string>): void {
  for (const name of Object.keys(env)) {
    if (CONFIG_OVERRIDES.includes(name) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(name)) delete env[name];
  }
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_CONFIG_GLOBAL = '/dev/null';
}

function credentialConfig(credentials: GitCredentials | undefined): [string, string][] {
  switch (credentials?.kind) {
    case 'basic':
      return [['http.extraHeader', `Authorization: Basic ${basicToken(credentials)}`]];
    case 'bearer':
      return [['http.extraHeader', `Authorization: Bearer ${credentials.token}`]];
    default:
      return [];
  }
}

/** Appends after entries the caller's environment already carries, so theirs keep working. */
function appendConfig(env: Record<string, string>, entries: readonly [string, string][]): void {
  if (entries.length === 0) return;
  const existing = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10);
  let index = Number.isInteger(existing) && existing > 0 ? existing : 0;
  for (const [key, value] of entries) {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
    index += 1;
  }
  env.GIT_CONFIG_COUNT = String(index);
}

function basicToken(credentials: { username: string; password: string }): string {
  return Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
}

function sshCommand(credentials: { identityFile: string; knownHostsFile: string }): string {
  return [
    'ssh',
    '-i',
    shellQuote(credentials.identityFile),
    '-o',
    shellQuote(`UserKnownHostsFile=${credentials.knownHostsFile}`),
    '-o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o BatchMode=yes',
  ].join(' ');
}

/** git runs GIT_SSH_COMMAND through the shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
