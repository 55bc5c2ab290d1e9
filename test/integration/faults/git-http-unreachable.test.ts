import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { binPath, freePort, startChild, waitForHttp } from '../e2e-standalone/processes.ts';
import type { Child } from '../e2e-standalone/processes.ts';
import { expectGitAndJiraAgree, FEBRUARY, jiraWorklogsByTractId, queueFiles } from '../../support/fault-assertions.ts';
import { startFaultProxy } from '../../support/fault-proxy.ts';
import type { FaultProxy } from '../../support/fault-proxy.ts';
import { pushQueued } from '../../support/fault-push.ts';
import { git, gitTestEnv, makeBareRemote, makeClone, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { startGitHttpServer } from '../../support/git-http-server.ts';
import type { GitHttpServer } from '../../support/git-http-server.ts';
import { DEMO_TOKEN, DEMO_USERS } from '../../support/jira-sim.ts';
import { startJiraSimProcess } from '../../support/jira-sim-process.ts';
import type { JiraSimProcess } from '../../support/jira-sim-process.ts';
import { makeRecords } from '../../support/to-jira-harness.ts';

interface Summary { ready: string; reason: string; message: string }

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('fault: the git server unreachable over HTTP, then back (real controller)', function () {
  this.timeout(120_000);
  let sim: JiraSimProcess;
  let gitServer: GitHttpServer;
  let proxy: FaultProxy;
  let controller: Child;
  let url: string;
  let remote: string;
  let stateDir: string;

  before(async () => {
    sim = await startJiraSimProcess();
    remote = await makeBareRemote();
    gitServer = await startGitHttpServer({ projectRoot: dirname(remote) });
    proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(new URL(gitServer.url).port) });
    const dir = tempDir('tract-git-down-');
    for (const [key, value] of [['email', DEMO_USERS.sync.email], ['apiToken', DEMO_TOKEN]] as const) {
      mkdirSync(join(dir, 'secrets', 'jira'), { recursive: true });
      writeFileSync(join(dir, 'secrets', 'jira', key), `${value}\n`);
    }
    writeFileSync(join(dir, 'repos.yaml'), stringify({
      apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata: { name: 'app' },
      spec: {
        git: { url: `${proxy.url}/${basename(remote)}` }, interval: '1h', timeout: '5s',
        jira: { url: sim.url, secretRef: { name: 'jira' }, reconcileInterval: '1h' },
        authors: [DEMO_USERS.john, DEMO_USERS.sarah].map((u) => ({ name: u.name, email: u.email })),
        sync: { direction: 'GitToJira' },
      },
    }));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    stateDir = join(dir, 'state');
    controller = startChild(process.execPath, [
      binPath('tract-controller.js'), '--standalone', '-f', join(dir, 'repos.yaml'), '--secrets-dir', join(dir, 'secrets'),
      '--state-dir', stateDir, '--port', String(port), '--log-format', 'json',
    ], { env: { ...gitTestEnv(), TRACT_BACKOFF_MIN: '200ms', TRACT_BACKOFF_MAX: '1s' } });
    await waitForHttp(`${url}/readyz`);
  });
  after(async () => {
    await controller?.stop();
    await proxy?.close();
    await gitServer?.close();
    await sim?.close();
    removeTempDirs();
  });

  const summary = async (): Promise<Summary> => (await (await fetch(`${url}/api/v1/repos/default/app`)).json()) as Summary;
  const linked = async (): Promise<number> => (await git(remote, ['show', `main:${FEBRUARY}`])).split('\n').filter((l) => l.includes('"jira"')).length;

  it('Ready False with a classified git error while down, nothing lost or corrupted; exactly once when back', async () => {
    const records = makeRecords(30);
    const dev = await makeClone(remote);
    await pushQueued(dev, records.slice(0, 20));
    await fetch(`${url}/api/v1/repos/default/app/sync`, { method: 'POST' });
    await waitFor(async () => (await linked()) === 20, 'the first 20 linked');
    const state = join(stateDir, 'default', 'app', 'state.json');

    proxy.cut();
    await pushQueued(dev, records.slice(20));
    await fetch(`${url}/api/v1/repos/default/app/sync`, { method: 'POST' });
    // A pass already past its fetch when the cut came fails in the write-back step (WritebackFailed); the
    // retries (backoff 200 ms – 1 s) then fail at the fetch: GitOperationFailed.
    await waitFor(async () => (await summary()).reason === 'GitOperationFailed', 'Ready False GitOperationFailed while git is unreachable');
    const down = await summary();
    expect(down.ready).to.equal('False');
    expect(down.message).to.match(/^git fetch: remote unreachable \(.*\); check the network and the remote URL, then retry$/);
    expect(down.message).to.not.include('\n');
    expect((await sim.state()).worklogs, 'nothing new in Jira while git is down').to.have.length(20);
    expect(() => JSON.parse(readFileSync(state, 'utf8')) as unknown, 'state.json').to.not.throw();

    proxy.restore();
    await fetch(`${url}/api/v1/repos/default/app/sync`, { method: 'POST' });
    await waitFor(async () => (await linked()) === 30 && (await queueFiles({ sim, remote })).length === 0 && (await jiraWorklogsByTractId(sim)).size === 30, 'all 30 linked after recovery');
    await expectGitAndJiraAgree({ sim, remote }, records);
    await waitFor(async () => (await summary()).ready === 'True', 'Ready True again');
  });
});
