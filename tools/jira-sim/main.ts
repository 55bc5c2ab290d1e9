import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { decodeSeedYaml, formatSeedProblems } from './decode-seed.ts';
import type { SimSeed } from './seed-types.ts';
import { type JiraSimulatorOptions, startJiraSimulator } from './start-jira-simulator.ts';

interface CliOptions {
  port?: number;
  host: string;
  seed?: string;
  flavor: 'cloud' | 'datacenter';
  feedDelayMs: number;
  rateLimits: boolean;
  burstLimit?: number;
  webhookRetryDelays?: number[];
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function integerList(value: string): number[] {
  return value.split(',').map((part) => integer(part.trim()));
}

function flavor(value: string): 'cloud' | 'datacenter' {
  if (value !== 'cloud' && value !== 'datacenter') throw new InvalidArgumentError('expected cloud or datacenter');
  return value;
}

function program(): Command {
  return new Command('tract-jira-sim')
    .description('A Jira Cloud (or Data Center) simulator for testing and demos (docs/jira-sim.md).')
    .option('-p, --port <port>', 'port to listen on (default: $TRACT_SIM_PORT or 8080)', integer)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('-s, --seed <file>', 'seed YAML file (default: the demo site)')
    .option('--flavor <flavor>', 'cloud or datacenter', flavor, 'cloud')
    .option('--feed-delay-ms <ms>', 'how much recent history worklog/updated and worklog/deleted withhold', integer, 60000)
    .option('--no-rate-limits', 'disable the per-issue write limit and the burst limit')
    .option('--burst-limit <n>', 'requests per second per user, endpoint and method', integer)
    .option('--webhook-retry-delays <ms,…>', 'delays before each webhook retry', integerList)
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
}

async function loadSeed(file: string | undefined): Promise<SimSeed | 'demo'> {
  if (file === undefined) return 'demo';
  const { seed, problems } = decodeSeedYaml(await readFile(file, 'utf8'));
  if (problems.length > 0) throw new Error(`✗ Invalid seed file\n${formatSeedProblems(file, problems)}`);
  return seed;
}

function simulatorOptions(cli: CliOptions, env: NodeJS.ProcessEnv, seed: SimSeed | 'demo'): JiraSimulatorOptions {
  const burst = { enabled: cli.rateLimits, limit: cli.burstLimit ?? 100, windowMs: 1000 };
  return {
    port: cli.port ?? (env.TRACT_SIM_PORT === undefined ? 8080 : integer(env.TRACT_SIM_PORT)),
    host: cli.host,
    flavor: cli.flavor,
    seed,
    feedDelayMs: cli.feedDelayMs,
    rateLimits: {
      burst,
      perIssueWrite: { enabled: cli.rateLimits, windows: [{ limit: 20, windowMs: 2000 }, { limit: 100, windowMs: 30000 }] },
    },
    webhookRetryDelaysMs: cli.webhookRetryDelays ?? [5000, 15000, 60000, 300000, 900000],
    logger: { error: (m, meta) => console.error(m, meta ?? ''), warn: (m, meta) => console.warn(m, meta ?? '') },
  };
}

function banner(url: string, seed: SimSeed | 'demo', cli: CliOptions): string {
  const lines = [`✓ Jira simulator (${cli.flavor}) listening on ${url}`];
  if (seed === 'demo') {
    lines.push(
      '  Demo site: project APP with issues APP-1 … APP-50',
      '  Users (API token / personal access token: demo-token):',
      '    john.mcmullan@example.com  (john.mcmullan)',
      '    sarah.jones@example.com    (sarah.jones)',
      '    tract-sync@example.com     (tract-sync, service account, Jira admin)',
    );
  }
  lines.push(`  Admin API: ${url}/_sim/state   Stop with Ctrl-C`);
  return `${lines.join('\n')}\n`;
}

/** `tract-jira-sim [--port 8080] [--seed seed.yaml]`: runs until SIGINT/SIGTERM. */
export async function main(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const cmd = program();
  try {
    cmd.parse(argv);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const cli = cmd.opts<CliOptions>();
  try {
    const seed = await loadSeed(cli.seed);
    const sim = await startJiraSimulator(simulatorOptions(cli, env, seed));
    process.stdout.write(banner(sim.url, seed, cli));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sim.close();
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof Error && err.message.startsWith('✗ Invalid seed') ? 2 : 1;
  }
}
