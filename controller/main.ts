/**
 * `tract-controller` — the composition root (docs/code-style.md, "Patterns" 1). Reads argv and the environment,
 * builds the mode's ports and the shared controller, listens, installs the signal handlers
 * (SIGTERM/SIGINT: graceful shutdown; SIGHUP: reload the manifests) and returns the exit code.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Command, CommanderError, Option } from 'commander';
import { TractError, ValidationError } from '../shared/core/tract-error.ts';
import { JiraCloudWorklogs } from '../shared/jira/jira-cloud-worklogs.ts';
import { JiraDataCenterWorklogs } from '../shared/jira/jira-datacenter-worklogs.ts';
import { assembleController } from './assemble-controller.ts';
import type { Assembled } from './assemble-controller.ts';
import { describeConfig, loadConfig, resolveLogFormat } from './config.ts';
import type { ConfigOverrides, ControllerConfig } from './config.ts';
import { createLogger } from './logging/create-logger.ts';
import type { WorklogsFactory } from './jira/jira-connections.ts';
import type { Logger } from './logging/create-logger.ts';
import { SecretMask } from './secrets/secret-mask.ts';
import { standalonePorts } from './standalone/standalone-ports.ts';
import type { StandalonePorts } from './standalone/standalone-ports.ts';
import { ControllerMetrics } from './telemetry/metrics.ts';
import { listen, processWiring, startAssembled, stopAssembled } from './process-wiring.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface Invocation {
  overrides: ConfigOverrides;
  configFile?: string;
  printConfig: boolean;
}

export async function main(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let invocation: Invocation | number;
  let config: ControllerConfig;
  try {
    invocation = parseArgs(argv);
    if (typeof invocation === 'number') return invocation;
    config = loadConfig({ env, ...(invocation.configFile ? { file: invocation.configFile } : {}), overrides: invocation.overrides });
  } catch (err) {
    return usageError(err);
  }
  if (invocation.printConfig) {
    process.stdout.write(`${JSON.stringify(describeConfig(config), null, 2)}\n`);
    return 0;
  }
  const mask = new SecretMask();
  mask.add(config.apiToken);
  const logger = createLogger({ level: config.log.level, format: resolveLogFormat(config.log.format, process.stderr.isTTY === true), mask });
  try {
    return await run(config, env, mask, logger);
  } catch (err) {
    logger.error('controller failed', { error: err });
    process.stderr.write(`✗ ${err instanceof Error ? mask.mask(err.message) : String(err)}\n`);
    return err instanceof ValidationError ? 2 : 1;
  }
}

async function run(config: ControllerConfig, env: NodeJS.ProcessEnv, mask: SecretMask, logger: Logger): Promise<number> {
  if (config.mode !== 'standalone') {
    // Loaded only in operator mode: @kubernetes/client-node alone costs standalone ~90 MiB of memory.
    const { main: runOperator } = await import('./operator/main.ts');
    return runOperator({ config, env, mask, logger, version: VERSION, worklogsFactory: worklogsByFlavor });
  }
  if (!config.manifests) throw new ValidationError('standalone mode needs a manifests file: --standalone -f repos.yaml', { reason: 'InvalidConfig' });
  logger.debug('configuration', describeConfig(config));
  const wiring = processWiring(env, VERSION);
  const metrics = new ControllerMetrics();
  const ports = standalonePorts({ config, env, clock: wiring.clock, logger });
  const assembled = await assembleController({ ...wiring, config, ports, logger, metrics, mask, worklogsFactory: worklogsByFlavor });
  await startAssembled(assembled);
  const server = createServer(assembled.app);
  const port = await listen(server, config);
  logger.info('controller listening', { port, mode: config.mode, repos: ports.source.list().length, version: VERSION });
  return serveUntilSignal(assembled, ports, server, config, logger);
}

function serveUntilSignal(assembled: Assembled, ports: StandalonePorts, server: ReturnType<typeof createServer>, config: ControllerConfig, logger: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const reload = (): void => void ports.source.reload().then((problems) => {
      if (problems.length > 0) logger.error('manifests not reloaded: the previous TractRepos stay in effect', { problems: problems.length });
    });
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info('shutting down', { signal, timeoutMs: config.shutdownTimeoutMs });
      void (async () => {
        await stopAssembled(assembled, config, logger);
        server.close();
        server.closeIdleConnections();
        process.off('SIGHUP', reload);
        resolve(0);
      })();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', reload);
  });
}

/** Cloud through jira.js's Cloud client; Data Center through the v2 adapter (shared/jira). */
const worklogsByFlavor: WorklogsFactory = (flavor, site, transport) =>
  flavor === 'datacenter' ? new JiraDataCenterWorklogs(site, transport) : new JiraCloudWorklogs(site, transport);

function parseArgs(argv: readonly string[]): Invocation | number {
  const program = new Command('tract-controller')
    .description('Keeps Tract worklogs in git and Jira in sync: TractRepo objects from Kubernetes, or from a file with --standalone.')
    .option('--standalone', 'run without Kubernetes: TractRepo manifests from a file (-f)')
    .option('-f, --file <path>', 'the TractRepo manifests file (standalone)')
    .option('--secrets-dir <dir>', 'Secrets as files, <dir>/<secret-name>/<key> (standalone)')
    .option('--config <file>', 'configuration file (JSON or YAML); also TRACT_CONFIG')
    .option('--port <port>', 'HTTP port (default 3100; also PORT)')
    .option('--state-dir <dir>', 'clones and sync state (default .tract-controller)')
    .addOption(new Option('--log-level <level>', 'log level').choices(['error', 'warn', 'info', 'debug']))
    .addOption(new Option('--log-format <format>', 'log format').choices(['json', 'pretty', 'auto']))
    .option('--print-config', 'print the effective configuration (secrets masked) and exit')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) });
  try {
    program.parse([...argv], { from: 'node' });
  } catch (err) {
    if (err instanceof CommanderError && (err.code === 'commander.helpDisplayed' || err.code === 'commander.version')) return 0;
    throw err;
  }
  const opts = program.opts<Record<string, string | boolean | undefined>>();
  const overrides: Record<string, unknown> = {};
  const take = (option: string, key: string, convert: (value: string | boolean) => unknown = (value) => value): void => {
    const value = opts[option];
    if (value !== undefined) overrides[key] = convert(value);
  };
  take('standalone', 'mode', () => 'standalone');
  take('file', 'manifests');
  take('secretsDir', 'secretsDir');
  take('port', 'port', Number);
  take('stateDir', 'stateDir');
  take('logLevel', 'logLevel');
  take('logFormat', 'logFormat');
  const configFile = typeof opts.config === 'string' ? { configFile: opts.config } : {};
  return { overrides: overrides as ConfigOverrides, ...configFile, printConfig: opts.printConfig === true };
}

function usageError(err: unknown): number {
  if (!(err instanceof CommanderError)) process.stderr.write(`✗ ${err instanceof TractError ? err.message : String(err)}\n`);
  return 2;
}
