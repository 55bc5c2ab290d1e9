/**
 * A fixed Secret retries at once in operator mode (docs/to-jira.md "Retries", docs/operator.md
 * "Secrets"), on the real kube-apiserver with the controller as the chart's ServiceAccount. Every other
 * way to a new pass is hours away in this test — the poll and Jira reconcile intervals (1 h), the
 * reconcile backoff and the failed records' retry schedule (3 h) — so only the Secret watch can explain
 * the sync after the Secret is fixed; no wall-clock threshold is needed.
 */
import { expect } from 'chai';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { DEMO_TOKEN } from '../../support/jira-sim.ts';
import { MERGE_PATCH, condition, eventually, metricSum, printLogsIfFailed, startOperatorWorld } from './operator-world.ts';
import type { ControllerProcess, OperatorWorld } from './operator-world.ts';

const ID = '0199a000-0000-7000-8000-0000000005e1';
const WRONG_TOKEN = 'wrong-token-7f3a9c';
const HOURS = '3h';

describe('operator e2e (real kube-apiserver): a fixed Secret is retried at once', function () {
  this.timeout(120_000);
  let world: OperatorWorld;
  let controller: ControllerProcess | undefined;

  before(async () => {
    world = await startOperatorWorld();
  });
  afterEach(function () {
    printLogsIfFailed(this.currentTest?.state, [controller]);
  });
  after(async () => {
    await world?.close();
    removeTempDirs();
  });

  it('wrong token → AuthenticationFailed, Ready False; the Secret fixed → the stranded record reaches Jira with no edit and no scheduled retry', async () => {
    await world.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'jira' }, stringData: { email: 'tract-sync@example.com', apiToken: WRONG_TOKEN } } });
    await world.pushWorklogs([ID]);
    controller = await world.startController({
      identity: 'pod-secret',
      env: { TRACT_BACKOFF_MIN: HOURS, TRACT_BACKOFF_MAX: HOURS, TRACT_RECORD_RETRY_FIRST: HOURS, TRACT_RECORD_RETRY_MAX: HOURS },
    });
    await world.applyRepo('app');
    const failing = await eventually(async () => {
      const repo = await world.repo('app');
      return condition(repo, 'Ready')?.reason === 'AuthenticationFailed' ? repo : undefined;
    }, 'Ready False AuthenticationFailed');
    expect(condition(failing, 'Ready')?.status).to.equal('False');
    expect(world.inJira(ID)).to.equal(0);
    expect(failing.status?.failed, 'the record failed and waits for its retry').to.equal(1);
    const view = JSON.parse((await controller.fetchText('/api/v1/repos/default/app')).text) as { errors?: { reason: string; nextRetryAt: string }[] };
    expect(view.errors?.map((e) => e.reason)).to.deep.equal(['AuthenticationFailed']);
    expect(Date.parse(view.errors![0]!.nextRetryAt) - Date.now(), 'its scheduled retry is hours away').to.be.greaterThan(3_600_000);
    const passes = await metricSum(controller, 'tract_reconcile_total');

    await world.core.patchNamespacedSecret({ namespace: 'default', name: 'jira', body: { stringData: { apiToken: DEMO_TOKEN } } }, MERGE_PATCH);
    const synced = await eventually(async () => {
      const repo = await world.repo('app');
      return condition(repo, 'Ready')?.status === 'True' && world.inJira(ID) === 1 ? repo : undefined;
    }, 'the stranded record in Jira and Ready True');
    expect(synced.metadata.generation, 'no edit of the TractRepo').to.equal(1);
    expect(await metricSum(controller, 'tract_reconcile_total'), 'the Secret change ran a pass').to.be.greaterThan(passes);

    const everything = [JSON.stringify(synced), JSON.stringify(failing), JSON.stringify(await world.events()), controller.log.join('\n')].join('\n');
    expect(everything, 'no Secret value in status, events or logs').to.not.include(WRONG_TOKEN).and.not.include(DEMO_TOKEN);
  });
});
