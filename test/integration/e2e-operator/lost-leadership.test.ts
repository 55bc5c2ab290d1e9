import { expect } from 'chai';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually, startOperatorWorld } from './operator-world.ts';
import type { ControllerProcess, OperatorWorld } from './operator-world.ts';

const LEASES = 'leases.coordination.k8s.io';

interface LeaseObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; leaseTransitions?: number; acquireTime?: string; renewTime?: string };
}

/** Kubernetes MicroTime: RFC 3339 with six fractional digits. */
function microTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

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
    const lease = world.api.store.get(LEASES, 'default', 'tract-controller-leader') as unknown as LeaseObject;
    expect(lease.spec.holderIdentity).to.equal('pod-a');
    const now = microTime(new Date());
    const takenOver = { ...lease, spec: { ...lease.spec, holderIdentity: 'pod-z', acquireTime: now, renewTime: now, leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1 } };
    world.api.store.put(LEASES, takenOver);
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
