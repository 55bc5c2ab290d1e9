import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { git, gitTestEnv, makeBareRemote, makeClone, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { basicAuth } from '../../support/jira-sim.ts';
import { startJiraSimProcess } from '../../support/jira-sim-process.ts';
import type { JiraSimProcess } from '../../support/jira-sim-process.ts';
import { binPath, freePort, runToEnd, startChild, waitForHttp } from './processes.ts';
import type { Child } from './processes.ts';

const JOHN = 'john.mcmullan@example.com';
const HOOK_SECRET = 'e2e-hook-secret';

const SEED = `users:
  - { email: ${JOHN}, name: john.mcmullan, displayName: John McMullan, timeZone: Europe/London, apiToken: demo-token }
  - { email: tract-sync@example.com, name: tract-sync, displayName: Tract Sync, timeZone: UTC, apiToken: demo-token, admin: true }
projects:
  - { key: APP, issueCount: 1300 }
`;

async function jira(sim: JiraSimProcess, method: string, path: string, body?: unknown, email = JOHN): Promise<unknown> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: basicAuth(email), accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

describe('end to end, standalone: tract log → controller → Jira, and a Jira edit → git pull', function () {
  this.timeout(120_000);
  let sim: JiraSimProcess;
  let controller: Child;
  let dev: string;
  let remote: string;
  const cliEnv = (): NodeJS.ProcessEnv => ({ ...gitTestEnv(), TRACT_AUTHOR: undefined, TRACT_SYNC_SERVER: undefined });

  before(async () => {
    const dir = tempDir('tract-e2e-');
    writeFileSync(join(dir, 'seed.yaml'), SEED);
    sim = await startJiraSimProcess(['--seed', join(dir, 'seed.yaml')]);
    const port = await freePort();
    const server = `http://127.0.0.1:${port}`;
    remote = await makeBareRemote({
      files: {
        '.gitattributes': 'worklogs/*.jsonl merge=union\n',
        '.tract/config.yaml': stringify({ sync: { enabled: true, server }, author: 'john.mcmullan', timezone: 'Europe/London' }),
        'worklogs/.gitkeep': '',
      },
    });
    dev = await makeClone(remote);
    // The CLI finds its TractRepo by comparing its origin URL with spec.git.url (docs/controller-api.md).
    await git(dev, ['remote', 'set-url', 'origin', pathToFileURL(remote).href]);
    const users = (await jira(sim, 'GET', `/rest/api/3/user/search?query=john`)) as { accountId: string }[];
    const manifest = {
      apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata: { name: 'app', namespace: 'team-a' },
      spec: {
        git: { url: pathToFileURL(remote).href }, interval: '1h',
        jira: { url: sim.url, secretRef: { name: 'jira' }, projects: ['APP'], reconcileInterval: '1h' },
        authors: [{ name: 'john.mcmullan', accountId: users[0]!.accountId, email: JOHN }],
        webhook: { secretRef: { name: 'hooks' } },
      },
    };
    writeFileSync(join(dir, 'repos.yaml'), stringify(manifest));
    for (const [secret, key, value] of [['jira', 'email', 'tract-sync@example.com'], ['jira', 'apiToken', 'demo-token'], ['hooks', 'jiraSecret', HOOK_SECRET]] as const) {
      mkdirSync(join(dir, 'secrets', secret), { recursive: true });
      writeFileSync(join(dir, 'secrets', secret, key), `${value}\n`);
    }
    controller = startChild(process.execPath, [binPath('tract-controller.js'), '--standalone', '-f', join(dir, 'repos.yaml'), '--secrets-dir', join(dir, 'secrets'), '--state-dir', join(dir, 'state'), '--port', String(port), '--log-format', 'json'], { env: gitTestEnv() });
    await waitForHttp(`${server}/readyz`);
    await jira(sim, 'POST', '/rest/webhooks/1.0/webhook', { name: 'tract', url: `${server}/webhook/jira`, events: ['worklog_created', 'worklog_updated', 'worklog_deleted'], secret: HOOK_SECRET }, 'tract-sync@example.com');
  });
  after(async () => {
    await controller?.stop();
    await sim?.close();
    removeTempDirs();
  });

  it('tract log prints the documented ✓ line once the controller confirms, and Jira has the worklog', async () => {
    const result = await runToEnd(process.execPath, [binPath('tract.js'), 'log', 'APP-1234', '2h', 'Fixed bug'], { cwd: dev, env: cliEnv() });
    expect(result.stdout, result.stderr).to.contain('✓ Logged 2h to APP-1234 (synced to Jira)');
    expect(result.code).to.equal(0);
    const worklogs = (await jira(sim, 'GET', '/rest/api/2/issue/APP-1234/worklog')) as { worklogs: { timeSpentSeconds: number; comment: string }[] };
    expect(worklogs.worklogs.map((w) => [w.timeSpentSeconds, w.comment])).to.deep.equal([[7200, '[john.mcmullan] Fixed bug']]);
  });

  it('a Jira-side edit shows in the line after git pull', async () => {
    const worklogs = (await jira(sim, 'GET', '/rest/api/2/issue/APP-1234/worklog')) as { worklogs: { id: string }[] };
    await jira(sim, 'PUT', `/rest/api/2/issue/APP-1234/worklog/${worklogs.worklogs[0]!.id}`, { timeSpentSeconds: 10_800 });
    const deadline = performance.now() + 30_000;
    let line: Record<string, unknown> | undefined;
    while (performance.now() < deadline) {
      await git(dev, ['pull', '--quiet', '--rebase']);
      const text = await git(dev, ['show', 'HEAD:worklogs/' + (await git(dev, ['ls-tree', '--name-only', 'HEAD', 'worklogs/'])).split('\n').find((f) => f.endsWith('.jsonl'))!.slice('worklogs/'.length)]);
      line = JSON.parse(text.trim().split('\n')[0]!) as Record<string, unknown>;
      if (line.time === '3h') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(line).to.include({ issue: 'APP-1234', author: 'john.mcmullan', time: '3h', comment: 'Fixed bug' });
    const subjects = (await git(dev, ['log', '--format=%s', '-3'])).trim().split('\n');
    expect(subjects[0]).to.equal('[tract-sync] Update worklog from Jira (APP-1234, john.mcmullan, 2h → 3h)');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    expect(await controller.stop('SIGTERM')).to.equal(0);
  });
});
