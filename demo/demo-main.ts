/**
 * `npm start` — the README's run command (README.md): the Jira simulator on 8080 (`TRACT_SIM_PORT`),
 * demo git data under `.tract-demo/` (`TRACT_DEMO_DIR`), and the controller standalone on 3100 (`PORT`),
 * wired together (the simulator's webhook points at the controller). Prints what to try, then runs
 * until Ctrl-C. A second run reuses `.tract-demo/`.
 */
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startJiraSimulator } from '../tools/jira-sim/start-jira-simulator.ts';
import type { JiraSimulator } from '../tools/jira-sim/start-jira-simulator.ts';
import { main as controllerMain } from '../controller/main.ts';
import { DEMO_AUTHOR, DEMO_TOKEN, demoPaths, forgetOldJira, prepareDemoRepo, writeControllerFiles } from './demo-setup.ts';
import type { DemoPaths } from './demo-setup.ts';
import { demoTractCommand } from './demo-tract-command.ts';

export async function main(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('npm start — runs the Tract demo: Jira simulator ($TRACT_SIM_PORT, 8080), controller ($PORT, 3100), git data in $TRACT_DEMO_DIR (.tract-demo).\n');
    return 0;
  }
  const { simPort, port, paths } = settings(env);
  const sim = await startSimulator(simPort);
  if (!sim) return 1;
  try {
    await setUp(paths, sim, port, env);
    const controller = controllerMain(
      ['node', 'tract-controller', '--standalone', '-f', paths.manifest, '--secrets-dir', paths.secretsDir, '--state-dir', paths.stateDir, '--port', String(port)],
      { ...env, TRACT_LOG_LEVEL: env.TRACT_LOG_LEVEL ?? 'warn' },
    );
    void announceWhenReady(port, sim, paths, demoTractCommand(paths, env.PATH));
    return await controller;
  } finally {
    await sim.close();
  }
}

function settings(env: NodeJS.ProcessEnv): { simPort: number; port: number; paths: DemoPaths } {
  return { simPort: Number(env.TRACT_SIM_PORT ?? 8080), port: Number(env.PORT ?? 3100), paths: demoPaths(env.TRACT_DEMO_DIR ?? '.tract-demo') };
}

async function startSimulator(port: number): Promise<JiraSimulator | undefined> {
  try {
    return await startJiraSimulator({ port, seed: 'demo', logger: { error: (m) => process.stderr.write(`jira-sim: ${m}\n`), warn: () => undefined } });
  } catch (err) {
    process.stderr.write(`✗ Could not start the Jira simulator on port ${port} (${(err as NodeJS.ErrnoException).code ?? String(err)}): set TRACT_SIM_PORT to a free port\n`);
    return undefined;
  }
}

async function setUp(paths: DemoPaths, sim: JiraSimulator, port: number, env: NodeJS.ProcessEnv): Promise<void> {
  const { reused } = await prepareDemoRepo(paths, `http://localhost:${port}`, env, [process.execPath, fileURLToPath(new URL('../bin/tract.js', import.meta.url)), 'merge-worklogs']);
  if (reused) {
    const unlinked = await forgetOldJira(paths, env);
    if (unlinked > 0) process.stdout.write(`Reusing ${displayPath(paths.dir)}: the simulator starts empty, so ${unlinked} earlier worklogs go to Jira again.\n`);
  }
  const webhookSecret = randomBytes(16).toString('hex');
  const johnAccountId = sim.control.state().users.find((u) => u.email === DEMO_AUTHOR.email)?.accountId ?? '';
  await writeControllerFiles(paths, sim.url, johnAccountId, webhookSecret);
  sim.control.registerWebhook({
    name: 'tract-demo', url: `http://127.0.0.1:${port}/webhook/jira`, events: ['worklog_created', 'worklog_updated', 'worklog_deleted'], secret: webhookSecret,
  });
}

async function announceWhenReady(port: number, sim: JiraSimulator, paths: DemoPaths, tract: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ready) {
      process.stdout.write(nextSteps(port, sim.url, paths, tract));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function nextSteps(port: number, simUrl: string, paths: DemoPaths, tract: string): string {
  const clone = displayPath(paths.clone);
  const jira = simUrl.replace('127.0.0.1', 'localhost');
  const auth = `${DEMO_AUTHOR.email}:${DEMO_TOKEN}`;
  return `
Tract demo is running.

  Dashboard        http://localhost:${port}/          (API: http://localhost:${port}/api/v1/repos)
  Jira simulator   ${jira}            (user ${DEMO_AUTHOR.email}, API token ${DEMO_TOKEN}; issues APP-1 … APP-50)
  Git remote       ${displayPath(paths.remote)}
  Your clone       ${clone}            (author ${DEMO_AUTHOR.tract})

Log time (paste this):

  cd ${clone} && ${tract} log APP-1 2h "Fixed bug"

See it in Jira:

  curl -s -u ${auth} ${jira}/rest/api/2/issue/APP-1/worklog

Log time in Jira, then pull it into git:

  curl -s -u ${auth} -H 'Content-Type: application/json' -d '{"timeSpentSeconds":3600,"started":"2026-02-14T10:00:00.000+0000","comment":"Code review"}' ${jira}/rest/api/2/issue/APP-2/worklog
  cd ${clone} && git pull && ${tract} worklogs APP-2

Press Ctrl-C to stop.
`;
}

/** Relative to the current directory when inside it (what a user pastes), else absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
