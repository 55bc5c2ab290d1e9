/**
 * The controller's configuration (docs/configuration.md): defaults < config file (`--config` or
 * `TRACT_CONFIG`, JSON or YAML) < `TRACT_*` environment < command-line flags. Validated strictly: an
 * unknown key in the file or a value of the wrong shape is an error naming the key. Secrets are marked
 * `sensitive`, so `describeConfig` (what the controller logs at start) never shows them.
 */
import convict from 'convict';
import { parse as parseYaml } from 'yaml';
import { ValidationError } from '../shared/core/tract-error.ts';
import { durationMs } from './api/duration-ms.ts';
import type { LogFormat } from './logging/create-logger.ts';

export type ControllerMode = 'standalone' | 'operator';

export interface ControllerConfig {
  mode: ControllerMode;
  port: number;
  host: string;
  stateDir: string;
  manifests: string;
  secretsDir: string;
  log: { level: string; format: 'json' | 'pretty' | 'auto' };
  watchNamespaces: string[];
  shardSelector: string;
  concurrency: number;
  jitterPercent: number;
  backoff: { minMs: number; maxMs: number };
  /** Backoff of failed worklogs (docs/to-jira.md "Retries"). */
  recordRetry: { firstMs: number; maxMs: number };
  jiraTimeoutMs: number;
  apiToken: string;
  webhookBodyLimitBytes: number;
  /** Per client address and minute on the public endpoints. */
  rateLimit: { webhookPerMinute: number; apiPerMinute: number };
  shutdownTimeoutMs: number;
  leaderElection: {
    enabled: boolean;
    leaseName: string;
    leaseNamespace: string;
    identity: string;
    /** The host standbys forward webhooks and API calls to (this pod's IP); empty: `host`, or the hostname. */
    advertiseHost: string;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
  };
}

/** What main.ts took from the command line, already parsed; each wins over file and environment. */
export type ConfigOverrides = Partial<Pick<ControllerConfig, 'mode' | 'port' | 'stateDir' | 'manifests' | 'secretsDir'>> & {
  logLevel?: string;
  logFormat?: ControllerConfig['log']['format'];
};

const durationFormat = {
  name: 'duration-ms',
  coerce: (value: unknown): unknown => (typeof value === 'string' && !/^\d+$/.test(value) ? durationMs(value) : Number(value)),
  validate: (value: unknown): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error('must be a duration such as 750ms, 30s or 15m, or whole milliseconds');
  },
};

const listFormat = {
  name: 'comma-list',
  coerce: (value: unknown): unknown => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
  validate: (value: unknown): void => {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error('must be a list of names (comma-separated in the environment)');
  },
};

function schema(env: Readonly<Record<string, string | undefined>>): convict.Schema<ControllerConfig> {
  const ms = (doc: string, value: number, name: string): convict.SchemaObj<number> => ({ doc, format: 'duration-ms', default: value, env: name });
  return {
    mode: { doc: 'standalone (TractRepo manifests from a file) or operator (from the Kubernetes API).', format: ['standalone', 'operator'], default: 'operator', env: 'TRACT_MODE' },
    port: { doc: 'HTTP port of the API, webhooks, probes and metrics.', format: 'port', default: 3100, env: env.TRACT_PORT === undefined ? 'PORT' : 'TRACT_PORT' },
    host: { doc: 'Address to listen on.', format: String, default: '0.0.0.0', env: 'TRACT_HOST' },
    stateDir: { doc: 'Clones, sync state and journals, one folder per TractRepo.', format: String, default: '.tract-controller', env: 'TRACT_STATE_DIR' },
    manifests: { doc: 'Standalone: the TractRepo manifests file (multi-document YAML).', format: String, default: '', env: 'TRACT_MANIFESTS' },
    secretsDir: { doc: 'Standalone: folder of Secrets as files, <dir>/<secret-name>/<key>.', format: String, default: '', env: 'TRACT_SECRETS_DIR' },
    log: {
      level: { doc: 'error, warn, info, debug.', format: ['error', 'warn', 'info', 'debug'], default: 'info', env: 'TRACT_LOG_LEVEL' },
      format: { doc: 'json (clusters), pretty (terminals), auto (pretty on a TTY).', format: ['json', 'pretty', 'auto'], default: 'auto', env: 'TRACT_LOG_FORMAT' },
    },
    watchNamespaces: { doc: 'Operator: namespaces to watch; empty means all.', format: 'comma-list', default: [], env: 'TRACT_WATCH_NAMESPACES' },
    shardSelector: { doc: 'Operator: label selector applied to list and watch (sharding).', format: String, default: '', env: 'TRACT_SHARD_SELECTOR' },
    concurrency: { doc: 'TractRepos reconciled at once.', format: 'nat', default: 10, env: 'TRACT_CONCURRENCY' },
    jitterPercent: { doc: 'Spread of requeue intervals, ± percent.', format: 'nat', default: 5, env: 'TRACT_JITTER_PERCENT' },
    backoff: {
      minMs: ms('First retry delay after a failed reconcile.', 750, 'TRACT_BACKOFF_MIN'),
      maxMs: ms('Longest retry delay.', 900_000, 'TRACT_BACKOFF_MAX'),
    },
    recordRetry: {
      firstMs: ms('First automatic retry of a worklog that failed to sync.', 60_000, 'TRACT_RECORD_RETRY_FIRST'),
      maxMs: ms('Longest wait between automatic retries of a failed worklog.', 4 * 3_600_000, 'TRACT_RECORD_RETRY_MAX'),
    },
    jiraTimeoutMs: ms('Timeout of one Jira request.', 30_000, 'TRACT_JIRA_TIMEOUT'),
    apiToken: { doc: 'Bearer token required on /api/v1 (empty: open).', format: String, default: '', env: 'TRACT_API_TOKEN', sensitive: true },
    webhookBodyLimitBytes: { doc: 'Largest webhook body accepted.', format: 'nat', default: 3 * 1024 * 1024, env: 'TRACT_WEBHOOK_BODY_LIMIT' },
    rateLimit: {
      webhookPerMinute: { doc: 'Requests per minute and client address on /webhook/* (then 429); 0 = no limit.', format: 'nat', default: 6000, env: 'TRACT_RATE_LIMIT_WEBHOOK' },
      apiPerMinute: { doc: 'Requests per minute and client address on /api/v1/* (then 429); 0 = no limit.', format: 'nat', default: 6000, env: 'TRACT_RATE_LIMIT_API' },
    },
    shutdownTimeoutMs: ms('How long SIGTERM waits for running passes.', 30_000, 'TRACT_SHUTDOWN_TIMEOUT'),
    leaderElection: {
      enabled: { doc: 'Operator: elect a leader on a Lease; only the leader writes.', format: Boolean, default: false, env: 'TRACT_LEADER_ELECTION' },
      leaseName: { doc: 'Name of the Lease.', format: String, default: 'tract-controller-leader', env: 'TRACT_LEASE_NAME' },
      leaseNamespace: { doc: 'Namespace of the Lease (default: the pod namespace).', format: String, default: env.POD_NAMESPACE ?? 'default', env: 'TRACT_LEASE_NAMESPACE' },
      identity: { doc: 'This replica in the Lease (default: the pod name).', format: String, default: env.POD_NAME ?? env.HOSTNAME ?? 'tract-controller', env: 'TRACT_LEASE_IDENTITY' },
      advertiseHost: { doc: 'Address standbys forward webhooks and API calls to while this replica leads (the pod IP).', format: String, default: env.POD_IP ?? '', env: 'TRACT_ADVERTISE_HOST' },
      leaseDurationMs: ms('Lease duration.', 15_000, 'TRACT_LEASE_DURATION'),
      renewDeadlineMs: ms('Give up leadership when renewing fails this long.', 10_000, 'TRACT_LEASE_RENEW_DEADLINE'),
      retryPeriodMs: ms('Between acquire/renew attempts.', 2_000, 'TRACT_LEASE_RETRY_PERIOD'),
    },
  };
}

export interface LoadConfigInput {
  env: Readonly<Record<string, string | undefined>>;
  /** `--config`; else `TRACT_CONFIG`. */
  file?: string;
  overrides?: ConfigOverrides;
}

export function loadConfig(input: LoadConfigInput): ControllerConfig {
  convict.addFormats({ 'duration-ms': durationFormat, 'comma-list': listFormat });
  convict.addParser([{ extension: ['yml', 'yaml'], parse: parseYaml }, { extension: 'json', parse: JSON.parse }]);
  try {
    const config = convict(schema(input.env), { env: definedEnv(input.env), args: [] });
    const file = input.file ?? input.env.TRACT_CONFIG;
    if (file) config.loadFile(file);
    applyOverrides(config, input.overrides ?? {});
    config.validate({ allowed: 'strict' });
    return config.getProperties();
  } catch (err) {
    throw new ValidationError(`Invalid controller configuration: ${oneLine(err)}`, { reason: 'InvalidConfig', cause: err });
  }
}

function applyOverrides(config: convict.Config<ControllerConfig>, overrides: ConfigOverrides): void {
  const { logLevel, logFormat, ...rest } = overrides;
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) config.set(key, value);
  if (logLevel !== undefined) config.set('log.level', logLevel);
  if (logFormat !== undefined) config.set('log.format', logFormat);
}

/** The configuration as JSON for logs, every secret masked. */
export function describeConfig(config: ControllerConfig): Record<string, unknown> {
  return { ...config, apiToken: config.apiToken ? '[REDACTED]' : '' };
}

/** `auto` → pretty on a terminal, JSON otherwise (in a cluster, logs go to a collector). */
export function resolveLogFormat(format: ControllerConfig['log']['format'], isTty: boolean): LogFormat {
  if (format === 'auto') return isTty ? 'pretty' : 'json';
  return format;
}

function definedEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n').map((line) => line.trim()).filter(Boolean).join('; ');
}
