/**
 * The chart installed for some namespaces only (`watchNamespaces`: a Role and RoleBinding per namespace,
 * no ClusterRole for the controller) on the real kube-apiserver: the controller, as the chart's
 * ServiceAccount with TRACT_WATCH_NAMESPACES, gets a TractRepo Ready with what those Roles grant, and
 * never asks for anything cluster-wide (which RBAC would refuse) — its Secret watch included.
 */
import { expect } from 'chai';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { NAMESPACE } from '../deploy/helm.ts';
import { condition, eventually, startOperatorWorld } from './operator-world.ts';
import type { OperatorWorld } from './operator-world.ts';

describe('operator e2e (real kube-apiserver): the chart installed for one namespace', function () {
  this.timeout(120_000);
  let world: OperatorWorld;

  before(async () => {
    world = await startOperatorWorld('real', { watchNamespaces: ['default'] });
  });
  after(async () => {
    await world?.close();
    removeTempDirs();
  });

  it('the ServiceAccount may not list TractRepos cluster-wide, yet the controller gets a repo Ready through the namespace Role', async () => {
    const as = `--as=system:serviceaccount:${NAMESPACE}:tract-tract-controller`;
    const clusterWide = await world.cluster.real!.kubectl(['auth', 'can-i', 'list', 'tractrepos.tract.dev', '--all-namespaces', as]);
    expect(clusterWide.stdout.trim()).to.equal('no');
    await world.createJiraSecret();
    await world.applyRepo('app');
    const controller = await world.startController({ identity: 'ns-a' });
    const ready = await eventually(async () => {
      const repo = await world.repo('app');
      return condition(repo, 'Ready')?.status === 'True' ? repo : undefined;
    }, 'app Ready True');
    expect(ready.metadata.finalizers).to.deep.equal(['finalizers.tract.dev']);
    expect(await controller.stop()).to.equal(0);
    const requests = world.cluster.controllerRequests();
    expect(requests.filter((r) => r.code === 401 || r.code === 403), 'refused requests').to.deep.equal([]);
    const repoReads = requests.filter((r) => r.resource === 'tractrepos.tract.dev' && (r.verb === 'list' || r.verb === 'watch'));
    expect(repoReads.length).to.be.greaterThan(1);
    expect(repoReads.filter((r) => r.namespace !== 'default'), 'cluster-wide reads').to.deep.equal([]);
    const secretReads = requests.filter((r) => r.resource === 'secrets' && (r.verb === 'list' || r.verb === 'watch'));
    expect(secretReads.map((r) => r.verb), 'the Secret watch lists through the namespace Role').to.include('list');
    expect(secretReads.filter((r) => r.namespace !== 'default'), 'Secrets read outside the namespace').to.deep.equal([]);
  });
});
