import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../shared/core/clock.ts';
import { type AppOptions, createSimApp } from './create-sim-app.ts';
import { type FaultRule, RuleSet, type WebhookFaultRule } from './fault-rules.ts';
import { seededRandom } from './random.ts';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig, RateLimiter } from './rate-limiter.ts';
import { RequestLog } from './request-log.ts';
import type { AnonymousAccess } from './rest-middleware.ts';
import type { SeedProblem, SimSeed } from './seed-types.ts';
import { SimClock } from './sim-clock.ts';
import type { SimContext, SimLogger } from './sim-context.ts';
import { type JiraSimControl, createControl } from './sim-control.ts';
import { SimStore } from './sim-store.ts';
import type { SimFlavor } from './sim-types.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';

/** Options of `startJiraSimulator`; every one has a default (docs/jira-sim.md lists them). */
export interface JiraSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  flavor?: SimFlavor;
  /** `'demo'`: the documented demo site; a seed object; or nothing (an empty site). */
  seed?: SimSeed | 'demo';
  clock?: Clock;
  /** How much of the recent past the feeds withhold (Jira: 60000). */
  feedDelayMs?: number;
  feedPageSize?: number;
  rateLimits?: Partial<RateLimitConfig>;
  webhookRetryDelaysMs?: number[];
  webhookTimeoutMs?: number;
  bodyLimitBytes?: number;
  randomSeed?: number;
  requestLogLimit?: number;
  anonymousAccess?: AnonymousAccess;
  logger?: SimLogger;
}

export interface JiraSimulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
  control: JiraSimControl;
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };
const CONSOLE_LOGGER: SimLogger = {
  error: (message, meta) => console.error(message, meta ?? ''),
  warn: (message, meta) => console.warn(message, meta ?? ''),
};

export async function loadDemoSeed(): Promise<string> {
  return readFile(new URL('./demo-seed.yaml', import.meta.url), 'utf8');
}

function seedOrThrow(problems: SeedProblem[]): void {
  if (problems.length > 0) throw new Error(`jira-sim: invalid seed: ${JSON.stringify(problems)}`);
}

function createContext(options: JiraSimulatorOptions): SimContext {
  return {
    store: new SimStore(),
    clock: new SimClock(options.clock ?? SYSTEM_CLOCK),
    limiter: new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }),
    flavor: options.flavor ?? 'cloud',
    faults: new RuleSet<FaultRule>(),
    random: seededRandom(options.randomSeed ?? 1),
    requestLog: new RequestLog(options.requestLogLimit ?? 100_000),
    events: { publish: () => undefined },
    logger: options.logger ?? CONSOLE_LOGGER,
    feedDelayMs: options.feedDelayMs ?? 60_000,
    baseUrl: '',
  };
}

function appOptions(options: JiraSimulatorOptions): AppOptions {
  return {
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    feedPageSize: options.feedPageSize ?? 1000,
    anonymousAccess: options.anonymousAccess ?? 'unauthorized',
  };
}

async function listen(server: Server, options: JiraSimulatorOptions): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Starts a simulator on loopback; tests start many at once (no shared state). */
export async function startJiraSimulator(options: JiraSimulatorOptions = {}): Promise<JiraSimulator> {
  const ctx = createContext(options);
  const webhookFaults = new RuleSet<WebhookFaultRule>();
  const dispatcher = new WebhookDispatcher({
    store: ctx.store,
    clock: ctx.clock,
    random: ctx.random,
    flavor: ctx.flavor,
    faults: webhookFaults,
    baseUrl: () => ctx.baseUrl,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [100, 500, 1000, 2000, 5000],
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
  });
  ctx.events = dispatcher;
  const control = createControl({ ctx, dispatcher, webhookFaults });
  if (options.seed === 'demo') seedOrThrow(control.seedYaml(await loadDemoSeed()));
  else if (options.seed !== undefined) seedOrThrow(control.seed(options.seed));

  const server = createServer({ keepAliveTimeout: 65_000 }, createSimApp(ctx, control, appOptions(options)));
  ctx.baseUrl = await listen(server, options);
  return {
    url: ctx.baseUrl,
    control,
    close: async () => {
      dispatcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
