import { expect } from 'chai';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { condition, eventually, hasClone, hasStateDir, metricSum, startOperatorWorld } from './operator-world.ts';
import type { ControllerProcess, OperatorWorld, RepoObject } from './operator-world.ts';

const ID_1 = '0199b000-0000-7000-8000-000000000001';
const ID_2 = '0199b000-0000-7000-8000-000000000002';
const ID_3 = '0199b000-0000-7000-8000-000000000003';

async function readyTrue(world: OperatorWorld, name: string): Promise<RepoObject | undefined> {
  const repo = await world.repo(name);
  const ready = condition(repo, 'Ready');
  return ready?.status === 'True' && repo?.status?.observedGeneration === repo?.metadata.generation ? repo : undefined;
}

/** Status patches the controller sent for one TractRepo so far. */
function statusPatches(world: OperatorWorld, name: string): number {
  return world.cluster.controllerRequests().filter((r) => r.resource === 'tractrepos.tract.dev' && r.name === name && r.subresource === 'status' && r.verb === 'patch').length;
}

describe('operator e2e (real kube-apiserver): tract-controller as the chart’s ServiceAccount', function () {
  this.timeout(90_000);
  let world: OperatorWorld;
  let controller: ControllerProcess;

  before(async () => {
    world = await startOperatorWorld();
    await world.createJiraSecret();
    controller = await world.startController({ identity: 'pod-a' });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') process.stderr.write(`controller log:\n${controller.log.slice(-40).join('\n')}\n`);
  });
  after(async () => {
    await world?.close();
    removeTempDirs();
  });

  it('serves /healthz at once and becomes ready as the leader once its informer listed', async () => {
    expect((await controller.fetchText('/healthz')).status).to.equal(200);
    await eventually(async () => ((await controller.fetchText('/readyz')).status === 200 ? true : undefined), 'readyz');
    expect((await world.lease())?.spec.holderIdentity).to.equal('pod-a');
  });

  it('reconciles an applied TractRepo to Ready True with observedGeneration, adds the finalizer, records Events', async () => {
    await world.applyRepo('app');
    const repo = await eventually(() => readyTrue(world, 'app'), 'app Ready True');
    expect(repo.status?.observedGeneration).to.equal(repo.metadata.generation);
    expect(condition(repo, 'Reconciling')).to.equal(undefined);
    expect(condition(repo, 'Stalled')).to.equal(undefined);
    expect(repo.metadata.finalizers).to.deep.equal(['finalizers.tract.dev']);
    const events = await eventually(async () => {
      const list = await world.events();
      return list.some((e) => e.reason === 'SyncSucceeded') ? list : undefined;
    }, 'SyncSucceeded event');
    const succeeded = events.find((e) => e.reason === 'SyncSucceeded')!;
    expect(succeeded.involvedObject).to.include({ name: 'app', uid: repo.metadata.uid });
    expect(succeeded.type).to.equal('Normal');
  });

  it('syncs a pushed worklog when tract.dev/requested-at changes, and echoes the value in the status', async () => {
    await world.pushWorklogs([ID_1]);
    await world.patchRepo('app', { metadata: { annotations: { 'tract.dev/requested-at': 'first' } } });
    await eventually(() => (world.inJira(ID_1) === 1 ? true : undefined), 'worklog in Jira');
    const repo = await eventually(async () => {
      const current = await world.repo('app');
      return current?.status?.lastHandledReconcileAt === 'first' ? current : undefined;
    }, 'lastHandledReconcileAt');
    expect(condition(repo, 'Ready')?.status).to.equal('True');
  });

  it('suspend: true → Ready False Suspended and nothing synced; resuming syncs what waited', async () => {
    await world.patchRepo('app', { spec: { suspend: true } });
    const suspended = await eventually(async () => {
      const repo = await world.repo('app');
      return condition(repo, 'Ready')?.reason === 'Suspended' && repo?.status?.observedGeneration === repo?.metadata.generation ? repo : undefined;
    }, 'Suspended');
    expect(condition(suspended, 'Ready')?.status).to.equal('False');
    const patches = statusPatches(world, 'app');
    const jiraRequests = world.sim.control.requests().length;
    await world.pushWorklogs([ID_2]);
    await world.patchRepo('app', { metadata: { annotations: { 'tract.dev/requested-at': 'while-suspended' } } });
    // Every pass ends with a status patch, and a pass that syncs marks Reconciling first: the pass the
    // annotation asked for is over once a patch arrived and no Reconciling is left.
    await eventually(async () => (statusPatches(world, 'app') > patches && condition(await world.repo('app'), 'Reconciling') === undefined ? true : undefined), 'the pass while suspended');
    expect(condition(await world.repo('app'), 'Ready')?.reason).to.equal('Suspended');
    expect(world.inJira(ID_2)).to.equal(0);
    expect(world.sim.control.requests().length).to.equal(jiraRequests);
    await world.patchRepo('app', { spec: { suspend: false } });
    await eventually(() => (world.inJira(ID_2) === 1 ? true : undefined), 'worklog synced after resume');
    await eventually(() => readyTrue(world, 'app'), 'Ready again');
  });

  it('a spec the CRD accepts but the controller cannot use → Stalled with a reason, and no requeue loop', async () => {
    const retries = await metricSum(controller, 'tract_workqueue_retries_total');
    await world.applyRepo('stalled', { git: { url: `file://${world.remote}`, branch: 'release..1' } });
    const repo = await eventually(async () => {
      const current = await world.repo('stalled');
      return condition(current, 'Stalled')?.status === 'True' ? current : undefined;
    }, 'Stalled');
    expect(condition(repo, 'Stalled')?.reason).to.equal('InvalidSpec');
    expect(condition(repo, 'Ready')).to.include({ status: 'False', reason: 'InvalidSpec' });
    expect(condition(repo, 'Stalled')?.message).to.contain('release..1');
    expect(repo.status?.observedGeneration).to.equal(repo.metadata.generation);
    expect(condition(repo, 'Reconciling')).to.equal(undefined);
    // The pass is counted, and its work queue decision (retry with backoff, or stop) taken, in the same
    // turn of the controller's event loop: once /metrics shows the stalled pass, a retry would show too.
    await eventually(async () => ((await metricSum(controller, 'tract_reconcile_total{result="stalled"}')) === 1 ? true : undefined), 'the stalled pass counted');
    expect(await metricSum(controller, 'tract_workqueue_retries_total'), 'stalled is not retried').to.equal(retries);
  });

  it('a missing Secret → Ready False SecretNotFound; creating it recovers to Ready True', async () => {
    await world.applyRepo('nosecret', { jira: { url: world.sim.url, secretRef: { name: 'jira-later' }, reconcileInterval: '1h' } }, { ownRemote: true });
    const failing = await eventually(async () => {
      const repo = await world.repo('nosecret');
      return condition(repo, 'Ready')?.reason === 'SecretNotFound' ? repo : undefined;
    }, 'SecretNotFound');
    expect(condition(failing, 'Ready')?.status).to.equal('False');
    expect(condition(failing, 'FetchFailed')?.reason).to.equal('SecretNotFound');
    expect(condition(failing, 'Stalled')).to.equal(undefined);
    await world.createJiraSecret('jira-later');
    const recovered = await eventually(() => readyTrue(world, 'nosecret'), 'recovery to Ready True');
    expect(condition(recovered, 'FetchFailed')).to.equal(undefined);
  });

  it('deleting a TractRepo runs the finalizer: its clone and sync state are removed, then the object is gone', async () => {
    await world.pushWorklogs([ID_3]);
    await world.patchRepo('app', { metadata: { annotations: { 'tract.dev/requested-at': 'before-delete' } } });
    await eventually(() => (world.inJira(ID_3) === 1 ? true : undefined), 'last worklog in Jira');
    expect(hasClone(controller, 'app')).to.equal(true);
    await world.custom.deleteNamespacedCustomObject({ group: 'tract.dev', version: 'v1alpha1', plural: 'tractrepos', namespace: 'default', name: 'app' });
    await eventually(async () => ((await world.repo('app')) === undefined ? true : undefined), 'object gone');
    expect(hasClone(controller, 'app')).to.equal(false);
    expect(hasStateDir(controller, 'app'), 'no memory left to confuse a TractRepo created again under this name').to.equal(false);
    expect(world.inJira(ID_1) + world.inJira(ID_2) + world.inJira(ID_3)).to.equal(3);
  });

  it('SIGTERM: shuts down with 0 and releases the Lease', async () => {
    expect(await controller.stop()).to.equal(0);
    expect((await world.lease())?.spec.holderIdentity ?? '').to.equal('');
  });
});

describe('operator e2e (real kube-apiserver): without leader election', function () {
  this.timeout(60_000);
  let world: OperatorWorld;

  before(async () => {
    world = await startOperatorWorld();
  });
  after(async () => {
    await world?.close();
    removeTempDirs();
  });

  it('a single replica leads from the start and uses no Lease', async () => {
    const controller = await world.startController({ identity: 'solo', leaderElection: false });
    await eventually(async () => ((await controller.fetchText('/readyz')).status === 200 ? true : undefined), 'readyz');
    expect(await world.lease()).to.equal(undefined);
    expect((await controller.fetchText('/api/v1/repos')).status).to.equal(200);
    expect(await controller.stop()).to.equal(0);
  });
});
