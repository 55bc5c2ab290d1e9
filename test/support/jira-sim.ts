/**
 * Starts the Jira simulator for a test: port 0 on loopback, the demo site, no withheld feed minute and a
 * short webhook retry schedule. Close it in `after`/`afterEach`.
 *
 *   const sim = await startJiraSim();
 *   const jira = createCloudClient({ host: sim.url, auth: DEMO_AUTH.john, onSchemaMismatch: 'throw' });
 */
import type { JiraSimulator, JiraSimulatorOptions } from '../../tools/jira-sim/start-jira-simulator.ts';
import { startJiraSimulator } from '../../tools/jira-sim/start-jira-simulator.ts';

export type { JiraSimulator, JiraSimulatorOptions };

/** The demo site's users (tools/jira-sim/demo-seed.yaml); every token is `demo-token`. */
export const DEMO_USERS = {
  john: { email: 'john.mcmullan@example.com', name: 'john.mcmullan', timeZone: 'Europe/London' },
  sarah: { email: 'sarah.jones@example.com', name: 'sarah.jones', timeZone: 'America/New_York' },
  sync: { email: 'tract-sync@example.com', name: 'tract-sync', timeZone: 'UTC' },
} as const;

export const DEMO_TOKEN = 'demo-token';

/** jira.js `auth` values for the demo users. */
export const DEMO_AUTH = {
  john: { type: 'basic', email: DEMO_USERS.john.email, apiToken: DEMO_TOKEN },
  sarah: { type: 'basic', email: DEMO_USERS.sarah.email, apiToken: DEMO_TOKEN },
  sync: { type: 'basic', email: DEMO_USERS.sync.email, apiToken: DEMO_TOKEN },
} as const;

/** `Authorization` header value for Basic auth. */
export function basicAuth(email: string, token = DEMO_TOKEN): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

/** Errors the simulator logs (unexpected exceptions) are collected here instead of printed. */
export interface TestJiraSim extends JiraSimulator {
  loggedErrors: string[];
}

export async function startJiraSim(options: JiraSimulatorOptions = {}): Promise<TestJiraSim> {
  const loggedErrors: string[] = [];
  const sim = await startJiraSimulator({
    seed: 'demo',
    feedDelayMs: 0,
    webhookRetryDelaysMs: [20, 40, 80],
    webhookTimeoutMs: 2_000,
    logger: { error: (m) => void loggedErrors.push(m), warn: () => undefined },
    ...options,
  });
  return { ...sim, loggedErrors };
}
