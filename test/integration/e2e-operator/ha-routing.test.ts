/**
 * HA routing with two replicas on the real kube-apiserver (docs/operator-ha.md): the chart's readiness probe makes every replica
 * Ready, so the Service may route a git push webhook to either; a standby forwards it to the leader
 * (its address from the leader Lease), whose pass then syncs the pushed worklog to Jira. Standbys'
 * `/metrics` carry no per-repo state.
 */
import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { find, renderChart } from '../deploy/helm.ts';
import { eventually, metricSum, printLogsIfFailed, startLeaderAndStandby, startOperatorWorld } from './operator-world.ts';
import type { ControllerProcess, OperatorWorld } from './operator-world.ts';

const PUSH_TOKEN = 'git-push-token';
const PER_REPO_STATE = ['tract_condition', 'tract_pending_worklogs', 'tract_failed_worklogs', 'tract_repo_suspended', 'tract_last_sync_success_timestamp_seconds'];

interface ProbedDeployment {
  spec: { template: { spec: { containers: { readinessProbe: { httpGet: { path: string } } }[] } } };
}

/** The readiness path the chart gives a Deployment with the HA values. */
async function chartReadinessPath(): Promise<string> {
  const deployment = find(await renderChart(['ci/ha-values.yaml']), 'Deployment')[0] as unknown as ProbedDeployment;
  return deployment.spec.template.spec.containers[0]!.readinessProbe.httpGet.path;
}

function signedPush(): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ ref: 'refs/heads/main' });
  const signature = `sha256=${createHmac('sha256', PUSH_TOKEN).update(body).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': signature } };
}

/** The per-repo state series of a replica's /metrics. */
async function repoStateLines(controller: ControllerProcess): Promise<string[]> {
  const { text } = await controller.fetchText('/metrics');
  return text.split('\n').filter((line) => PER_REPO_STATE.some((name) => line.startsWith(`${name}{`)));
}

describe('operator e2e: two replicas route webhooks to the leader', function () {
  this.timeout(120_000);
  let world: OperatorWorld;
  let leader: ControllerProcess;
  let standby: ControllerProcess;
  let readinessPath: string;

  before(async () => {
    readinessPath = await chartReadinessPath();
    world = await startOperatorWorld();
    await world.createJiraSecret();
    await world.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'hooks' }, stringData: { token: PUSH_TOKEN } } });
    // A one-hour poll: only the webhook can make the pushed worklogs sync within the test.
    await world.applyRepo('app', { webhook: { secretRef: { name: 'hooks' } } });
    ({ leader, standby } = await startLeaderAndStandby(world));
    await eventually(async () => ((await metricSum(leader, 'tract_reconcile_total')) > 0 ? true : undefined), 'the first pass');
  });
  afterEach(function () {
    printLogsIfFailed(this.currentTest?.state, [leader, standby]);
  });
  after(async () => {
    await world?.close();
    removeTempDirs();
  });

  it('every replica passes the chart’s readiness probe, so the Service may send a webhook to either', async () => {
    expect(readinessPath).to.equal('/healthz');
    for (const replica of [leader, standby]) expect((await replica.fetchText(readinessPath)).status, replica.identity).to.equal(200);
    expect(await metricSum(standby, 'tract_leader_election_master_status')).to.equal(0);
  });

  for (const target of ['standby', 'leader'] as const) {
    it(`a signed git push webhook sent to the ${target} reaches the leader and syncs the pushed worklog to Jira`, async () => {
      const id = target === 'standby' ? '0199c000-0000-7000-8000-0000000000a1' : '0199c000-0000-7000-8000-0000000000a2';
      await world.pushWorklogs([id], `[tract] Log for the ${target}`);
      const replica = target === 'standby' ? standby : leader;
      const accepted = await metricSum(leader, 'tract_webhooks_received_total');
      const push = signedPush();
      // A standby that has not read the Lease yet answers 503 + Retry-After, and the sender retries, as git hosts' redeliveries do.
      const answer = await eventually(async () => {
        const sent = await replica.fetchText('/webhook/git/default/app', { method: 'POST', headers: push.headers, body: push.body });
        return sent.status === 503 ? undefined : sent;
      }, `the ${target} to take the webhook`);
      expect(answer.status, answer.text).to.equal(202);
      expect(JSON.parse(answer.text)).to.deep.equal({ accepted: true, repo: 'default/app' });
      await eventually(() => (world.inJira(id) === 1 ? true : undefined), `worklog ${id} in Jira`, 30_000);
      // The pass ends with its write-back commit; the next push of the test must not race it.
      await eventually(async () => ((await gitLog(world.remote, 'main'))[0]?.startsWith('[tract-sync] Link') ? true : undefined), 'the write-back commit');
      expect(await metricSum(leader, 'tract_webhooks_received_total')).to.equal(accepted + 1);
      expect(await metricSum(standby, 'tract_reconcile_total')).to.equal(0);
    });
  }

  it('a wrongly signed webhook sent to the standby gets the leader’s 401', async () => {
    const push = signedPush();
    const answer = await standby.fetchText('/webhook/git/default/app', { method: 'POST', headers: { ...push.headers, 'x-hub-signature-256': 'sha256=00' }, body: push.body });
    expect(answer.status).to.equal(401);
  });

  it('the status page through the standby is the leader’s, with the lag of the syncs above', async () => {
    const page = await standby.fetchText('/');
    expect(page.status).to.equal(200);
    expect(/<tr data-lag="to_jira"><td>git → Jira<\/td><td class="n">(\d+)<\/td>/.exec(page.text)?.[1]).to.equal('2');
  });

  it('the standby’s /metrics hold no per-repo state; the leader’s do', async () => {
    expect(await repoStateLines(standby)).to.deep.equal([]);
    const leaderLines = await repoStateLines(leader);
    for (const name of PER_REPO_STATE) expect(leaderLines.some((line) => line.startsWith(`${name}{repo="default/app"`)), name).to.equal(true);
  });
});
