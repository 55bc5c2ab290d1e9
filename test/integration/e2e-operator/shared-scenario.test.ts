/**
 * One scenario, two API servers: a TractRepo's whole life (list, watch, Secret, status, Events, finalizer,
 * Lease) against the real kube-apiserver — the controller authenticated as the chart's ServiceAccount, so
 * RBAC itself refuses what the chart does not grant — and against the project's test double, which must
 * behave the same way for the same steps (docs/operator.md, "The real Kubernetes API server"). On both,
 * every request the controller sent is one the chart's roles grant, and none was refused.
 */
import { expect } from 'chai';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { permissionOf, permissionsOf } from '../deploy/chart-permissions.ts';
import { find, renderChart } from '../deploy/helm.ts';
import type { ClusterKind } from './operator-cluster.ts';
import { TR, condition, eventually, startOperatorWorld } from './operator-world.ts';

const ID = '0199a000-0000-7000-8000-0000000003c1';
const KINDS: ClusterKind[] = ['real', 'double'];

for (const kind of KINDS) {
  describe(`operator shared scenario on the ${kind === 'real' ? 'real kube-apiserver' : 'Kubernetes API test double'}`, function () {
    this.timeout(120_000);

    it('a TractRepo’s life: Ready with the finalizer, a sync on demand, deletion; every controller request granted by the chart', async () => {
      const world = await startOperatorWorld(kind);
      try {
        await world.createJiraSecret();
        await world.applyRepo('app');
        const controller = await world.startController({ identity: `shared-${kind}`, leaderElection: true });
        await world.pushWorklogs([ID]);
        expect((await controller.fetchText('/api/v1/repos/default/app/sync', { method: 'POST' })).status).to.equal(202);
        const ready = await eventually(async () => {
          const repo = await world.repo('app');
          return condition(repo, 'Ready')?.status === 'True' && world.inJira(ID) === 1 ? repo : undefined;
        }, 'the repo to sync');
        expect(ready.metadata.finalizers).to.deep.equal(['finalizers.tract.dev']);
        expect((await world.lease())?.spec.holderIdentity).to.equal(`shared-${kind}`);
        await world.custom.deleteNamespacedCustomObject({ ...TR, name: 'app' });
        await eventually(async () => ((await world.repo('app')) === undefined ? true : undefined), 'the finalizer to be removed');
        expect(await controller.stop()).to.equal(0);

        const requests = world.cluster.controllerRequests();
        expect(requests.filter((r) => r.code === 401 || r.code === 403), 'refused requests').to.deep.equal([]);
        const used = new Set(requests.map(permissionOf));
        const objects = await renderChart([], ['leaderElection.enabled=true']);
        const granted = new Set([...permissionsOf(find(objects, 'ClusterRole'), ['ClusterRole']), ...permissionsOf(find(objects, 'Role'), ['Role'])]);
        expect([...used].filter((p) => !granted.has(p)), 'requests the chart does not grant').to.deep.equal([]);
        for (const expected of ['tract.dev/tractrepos:list', 'tract.dev/tractrepos:watch', 'tract.dev/tractrepos/status:patch', '/secrets:get', '/secrets:list', '/secrets:watch', '/events:create', 'coordination.k8s.io/leases:create', 'tract.dev/tractrepos:patch']) {
          expect([...used], expected).to.include(expected);
        }
      } finally {
        await world.close();
        removeTempDirs();
      }
    });
  });
}
