import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { binPath, freePort, startChild, waitForHttp } from '../e2e-standalone/processes.ts';
import type { Child } from '../e2e-standalone/processes.ts';
import { expectGitAndJiraAgree, FEBRUARY, jiraWorklogsByTractId, queueFiles } from '../../support/fault-assertions.ts';
import { pushQueued } from '../../support/fault-push.ts';
import { faultRandom, faultSeed } from '../../support/fault-random.ts';
import { git, gitTestEnv, makeBareRemote, makeClone, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { DEMO_TOKEN, DEMO_USERS } from '../../support/jira-sim.ts';
import { startJiraSimProcess } from '../../support/jira-sim-process.ts';
import type { JiraSimProcess } from '../../support/jira-sim-process.ts';
import { makeRecords } from '../../support/to-jira-harness.ts';

const RECORDS = 200;
const ROUNDS = 6;

async function waitForCreates(sim: JiraSimProcess, count: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await sim.state()).worklogs.length < count && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('fault: the real controller process killed with SIGKILL mid-sync, then restarted', function () {
  this.timeout(180_000);
  let sim: JiraSimProcess;
  let remote: string;
  let dir: string;
  let controller: Child | undefined;

  const start = async (): Promise<string> => {
    const port = await freePort();
    controller = startChild(process.execPath, [
      binPath('tract-controller.js'), '--standalone', '-f', join(dir, 'repos.yaml'), '--secrets-dir', join(dir, 'secrets'),
      '--state-dir', join(dir, 'state'), '--port', String(port), '--log-format', 'json',
    ], { env: { ...gitTestEnv(), TRACT_BACKOFF_MIN: '100ms', TRACT_BACKOFF_MAX: '1s' } });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/readyz`);
    await fetch(`${url}/api/v1/repos/default/app/sync`, { method: 'POST' });
    return url;
  };

  before(async () => {
    sim = await startJiraSimProcess();
    remote = await makeBareRemote();
    dir = tempDir('tract-kill-controller-');
    for (const [key, value] of [['email', DEMO_USERS.sync.email], ['apiToken', DEMO_TOKEN]] as const) {
      mkdirSync(join(dir, 'secrets', 'jira'), { recursive: true });
      writeFileSync(join(dir, 'secrets', 'jira', key), `${value}\n`);
    }
    writeFileSync(join(dir, 'repos.yaml'), stringify({
      apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata: { name: 'app' },
      spec: {
        git: { url: pathToFileURL(remote).href }, interval: '1h',
        jira: { url: sim.url, secretRef: { name: 'jira' }, reconcileInterval: '1h' },
        authors: [DEMO_USERS.john, DEMO_USERS.sarah].map((u) => ({ name: u.name, email: u.email })),
        sync: { direction: 'GitToJira' },
      },
    }));
  });
  after(async () => {
    await controller?.stop('SIGKILL');
    await sim?.close();
    removeTempDirs();
  });

  it(`${ROUNDS} kills at random points, a git lock left behind, then one restart settles: exactly once, all linked`, async () => {
    const seed = faultSeed(process.env['TRACT_FAULT_SEED']);
    const random = faultRandom(seed);
    console.log(`      seed ${seed} (replay: TRACT_FAULT_SEED=${seed})`);
    const records = makeRecords(RECORDS);
    await pushQueued(await makeClone(remote), records);
    let interrupted = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const before = (await sim.state()).worklogs.length;
      await start();
      // Odd rounds: killed early (clone, fetch, planning, journal). Even rounds: after a few more creates.
      if (round % 2 === 1) await new Promise((resolve) => setTimeout(resolve, random.int(0, 600)));
      else await waitForCreates(sim, before + random.int(5, 25), 10_000);
      await controller!.stop('SIGKILL');
      if ((await sim.state()).worklogs.length < RECORDS) interrupted += 1;
    }
    expect(interrupted, 'rounds killed with work left').to.be.at.least(ROUNDS / 2);

    // A kill in the middle of a git command leaves its lock; the restarted controller must not be stuck on it.
    const clone = join(dir, 'state', 'default', 'app', 'clone', '.git');
    expect(existsSync(clone), 'the controller cloned').to.equal(true);
    writeFileSync(join(clone, 'index.lock'), '');

    await start();
    const deadline = performance.now() + 60_000;
    const settled = async (): Promise<boolean> => {
      const linked = (await git(remote, ['show', `main:${FEBRUARY}`])).split('\n').filter((l) => l.includes('"jira"')).length;
      return (await jiraWorklogsByTractId(sim)).size === RECORDS && linked === RECORDS && (await queueFiles({ sim, remote })).length === 0;
    };
    while (!(await settled()) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    if (!(await settled())) console.log([...controller!.output().stdout.split('\n'), ...controller!.output().stderr.split('\n')].filter((l) => l.includes('"warn"') || l.includes('"error"')).slice(-2).join('\n'));
    await expectGitAndJiraAgree({ sim, remote }, records);
  });
});
