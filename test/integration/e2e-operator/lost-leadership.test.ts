import { CoordinationV1Api } from '@kubernetes/client-node';
import { expect } from 'chai';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually, LEASE_NAME, MERGE_PATCH, startOperatorWorld } from './operator-world.ts';
import type { ControllerProcess, OperatorWorld } from './operator-world.ts';

/**
 * Losing leadership on its own (the other e2e suites size their Lease so that a busy machine cannot cost
 * it): another replica takes the Lease over, and the leader exits with 1 at its next renewal, as
 * controller-runtime does (docs/operator.md).
 */
describe('operator e2e: a leader whose Lease is taken over', function () {
  this.timeout(60_000);
  let world: OperatorWorld;
  let controller: ControllerProcess;

  before(async () => {
    world = await startOperatorWorld();
    await world.createJiraSecret();
    controller = await world.startController({ identity: 'pod-a' });
  });
  after(async () => {
    await world?.close();
    removeTempDirs();
  });

  it('exits with 1 and says why', async () => {
    await eventually(async () => ((await controller.fetchText('/readyz')).status === 200 ? true : undefined), 'pod-a leads');
    const coordination = world.cluster.admin.makeApiClient(CoordinationV1Api);
    const namespace = world.cluster.leaseNamespace;
    const lease = await coordination.readNamespacedLease({ namespace, name: LEASE_NAME });
    expect(lease.spec?.holderIdentity).to.equal('pod-a');
    // A merge patch with MicroTime strings: the API server wants six fractional digits, which the
    // client's Date serialisation does not write.
    const now = new Date().toISOString().replace(/Z$/, '000Z');
    const spec = { holderIdentity: 'pod-z', acquireTime: now, renewTime: now, leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 };
    await coordination.patchNamespacedLease({ namespace, name: LEASE_NAME, body: { spec } }, MERGE_PATCH);
    // The exit itself is the proof (the test's timeout only a net): a leader that kept running would
    // reconcile next to the new holder.
    expect(await controller.exited).to.equal(1);
    const lost = controller.log.map((line) => parseJson(line)).find((entry) => entry?.message === 'leadership lost');
    expect(lost).to.include({ identity: 'pod-a', reason: 'another replica holds the lease' });
  });
});

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
