import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { LEASE, condition, eventually, hasClone, metricSum, printLogsIfFailed, startLeaderAndStandby, startOperatorWorld } from './operator-world.ts';
import type { ControllerProcess, OperatorWorld } from './operator-world.ts';

const IDS = Array.from({ length: 8 }, (_, i) => `0199c000-0000-7000-8000-0000000000${String(i + 10)}`);

async function holder(world: OperatorWorld): Promise<string | undefined> {
  return (await world.lease())?.spec.holderIdentity;
}

/** `promtool check metrics` (docs/metrics.md): resolves with its exit code and output. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

async function readyz(controller: ControllerProcess): Promise<number> {
  return (await controller.fetchText('/readyz')).status;
}

describe('operator e2e (real kube-apiserver): two replicas, leader election and failover', function () {
  this.timeout(120_000);
  let world: OperatorWorld;
  let leader: ControllerProcess;
  let standby: ControllerProcess;

  before(async () => {
    world = await startOperatorWorld();
    await world.createJiraSecret();
    // Small, spaced batches: the leader is killed with some worklogs created and others not yet.
    await world.applyRepo('app', { sync: { batchSize: 2, batchInterval: '400ms' } });
    ({ leader, standby } = await startLeaderAndStandby(world));
  });
  afterEach(function () {
    printLogsIfFailed(this.currentTest?.state, [leader, standby]);
  });
  after(async () => {
    await world?.close();
    removeTempDirs();
  });

  it('only the Lease holder answers /readyz; the standby does no work (webhooks: ha-routing.test.ts)', async () => {
    await eventually(async () => (condition(await world.repo('app'), 'Ready')?.status === 'True' ? true : undefined), 'app Ready');
    expect(await holder(world)).to.equal('pod-a');
    expect((await standby.fetchText('/healthz')).status).to.equal(200);
    expect(await readyz(standby)).to.equal(503);
    expect(await metricSum(standby, 'tract_leader_election_master_status')).to.equal(0);
    expect(await metricSum(leader, 'tract_leader_election_master_status')).to.equal(1);
    expect(await metricSum(leader, 'tract_watch_events_total')).to.be.greaterThan(0);
  });

  it('the operator\'s /metrics (with the leader, informer and watch metrics) passes promtool check metrics', async () => {
    const { text } = await leader.fetchText('/metrics');
    expect(text).to.contain('tract_informer_restarts_total');
    const check = await promtoolCheck(text);
    expect(check.code, check.output).to.equal(0);
  });

  it('SIGKILL of the leader: the standby takes over the Lease and every record reaches Jira exactly once', async () => {
    world.sim.control.addFault({ method: 'POST', path: '/worklog$', action: { type: 'latency', ms: 250 } });
    await world.pushWorklogs(IDS);
    await world.patchRepo('app', { metadata: { annotations: { 'tract.dev/requested-at': 'failover' } } });
    await eventually(() => (IDS.some((id) => world.inJira(id) > 0) ? true : undefined), 'first worklog in Jira');
    // Up to the kill, the standby wrote nothing: no Jira request, no reconcile, no clone.
    expect(await metricSum(standby, 'tract_jira_requests_total')).to.equal(0);
    expect(await metricSum(standby, 'tract_reconcile_total')).to.equal(0);
    expect(hasClone(standby, 'app')).to.equal(false);
    leader.child.kill('SIGKILL');
    await leader.exited;
    // The standby takes over once the Lease it last saw renewed has run out (a deadline only as a net).
    await eventually(async () => ((await holder(world)) === 'pod-b' ? true : undefined), 'pod-b holds the Lease', 4 * LEASE.durationMs);
    await eventually(async () => ((await readyz(standby)) === 200 ? true : undefined), 'pod-b ready');
    await eventually(() => (IDS.every((id) => world.inJira(id) >= 1) ? true : undefined), 'every worklog in Jira', 30_000);
    await eventually(async () => ((await gitLog(world.remote, 'main'))[0]?.startsWith('[tract-sync] Link') ? true : undefined), 'write-back by pod-b');
    world.sim.control.clearFaults();
    expect(IDS.map((id) => world.inJira(id))).to.deep.equal(IDS.map(() => 1));
    expect(await metricSum(standby, 'tract_leader_election_master_status')).to.equal(1);
    expect(await metricSum(standby, 'tract_jira_requests_total')).to.be.greaterThan(0);
    expect((await world.lease())?.spec.leaseTransitions).to.equal(1);
  });
});
