/**
 * The chart's RBAC grants exactly the Kubernetes API calls the controller makes, derived from the code
 * (every client call site in controller/kube). Observed: test/integration/e2e-operator/shared-scenario.test.ts
 * (every request over a TractRepo's life is granted; on the real kube-apiserver the controller runs as
 * the chart's ServiceAccount).
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { permissionsOf } from './chart-permissions.ts';
import type { Permission } from './chart-permissions.ts';
import { NAMESPACE, ROOT, find, renderChart } from './helm.ts';
import type { KubeObject } from './validate-manifests.ts';

/** What each client-node call needs. A call site not in this table fails the test: add it here and to the chart. */
const CALLS: Record<string, Permission[]> = {
  'custom.listClusterCustomObject': ['tract.dev/tractrepos:list'],
  'custom.listNamespacedCustomObject': ['tract.dev/tractrepos:list'],
  'new ListWatch(tractRepoPath)': ['tract.dev/tractrepos:watch'],
  'new ListWatch(secretsPath)': ['/secrets:watch'],
  'core.listNamespacedSecret': ['/secrets:list'],
  'custom.getNamespacedCustomObject': ['tract.dev/tractrepos:get'],
  'custom.patchNamespacedCustomObject': ['tract.dev/tractrepos:patch'],
  'custom.patchNamespacedCustomObjectStatus': ['tract.dev/tractrepos/status:patch'],
  'core.readNamespacedSecret': ['/secrets:get'],
  'core.createNamespacedEvent': ['/events:create'],
  'core.patchNamespacedEvent': ['/events:patch'],
  'coordination.readNamespacedLease': ['coordination.k8s.io/leases:get'],
  'coordination.createNamespacedLease': ['coordination.k8s.io/leases:create'],
  'coordination.replaceNamespacedLease': ['coordination.k8s.io/leases:update'],
};

/** Granted without a call: OwnerReferencesPermissionEnforcement clusters (OpenShift) need it to set finalizers. */
const JUSTIFIED_EXTRAS: Permission[] = ['tract.dev/tractrepos/finalizers:update'];

function callSites(): { site: string; call: string }[] {
  const dir = join(ROOT, 'controller/kube');
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    // A ListWatch is named by the path function it watches (tractRepoPath, secretsPath).
    return [...text.matchAll(/clients\.(custom|core|coordination)\.(\w+)\(|new ListWatch(?:<\w+>)?\((\w+)/g)].map((m) => ({ site: file, call: m[3] ? `new ListWatch(${m[3]})` : `${m[1]}.${m[2]}` }));
  });
}

describe('Helm chart RBAC: exactly the controller’s Kubernetes API calls', function () {
  this.timeout(60_000);
  let cluster: KubeObject[];
  let namespaced: KubeObject[];

  before(async () => {
    cluster = await renderChart([], ['leaderElection.enabled=true']);
    namespaced = await renderChart([], ['leaderElection.enabled=true', 'watchNamespaces={team-a,team-b}']);
  });
  after(() => removeTempDirs());

  it('every API call in controller/kube is a known call', () => {
    const sites = callSites();
    expect(sites.length).to.be.greaterThan(8);
    expect(sites.filter((s) => !(s.call in CALLS)).map((s) => `${s.site}: ${s.call}`)).to.deep.equal([]);
  });

  it('cluster-wide: the ClusterRole plus the Lease Role grant the calls’ permissions and nothing else', () => {
    const needed = new Set(callSites().flatMap((s) => CALLS[s.call]!));
    const clusterRole = permissionsOf(find(cluster, 'ClusterRole'), ['ClusterRole']);
    const leaseRole = permissionsOf(find(cluster, 'Role'), ['Role']);
    expect([...leaseRole].sort()).to.deep.equal(['coordination.k8s.io/leases:create', 'coordination.k8s.io/leases:get', 'coordination.k8s.io/leases:update']);
    expect(find(cluster, 'Role').map((r) => r.metadata?.namespace)).to.deep.equal([NAMESPACE]);
    const granted = [...clusterRole, ...leaseRole].sort();
    expect(granted).to.deep.equal([...needed, ...JUSTIFIED_EXTRAS].sort());
  });

  it('per namespace: one Role and RoleBinding per watched namespace with the same rules, no ClusterRole for the controller', () => {
    const roles = find(namespaced, 'Role').filter((r) => !(r.metadata?.name ?? '').endsWith('-leader-election'));
    expect(roles.map((r) => r.metadata?.namespace).sort()).to.deep.equal(['team-a', 'team-b']);
    expect(find(namespaced, 'RoleBinding').map((r) => r.metadata?.namespace).sort()).to.deep.equal(['team-a', 'team-b', NAMESPACE]);
    expect([...permissionsOf(roles, ['Role'])].sort()).to.deep.equal([...permissionsOf(find(cluster, 'ClusterRole'), ['ClusterRole'])].sort());
    expect(find(namespaced, 'ClusterRoleBinding')).to.deep.equal([]);
  });

  it('without leader election there is no Lease Role', async () => {
    const objects = await renderChart();
    expect(find(objects, 'Role')).to.deep.equal([]);
  });
});
