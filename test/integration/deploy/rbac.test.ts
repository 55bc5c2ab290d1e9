/**
 * The chart's RBAC grants exactly the Kubernetes API calls the controller makes: derived from the code
 * (every client call site in controller/kube), and observed (every request an operator-mode controller
 * sends to the Kubernetes API test server over a TractRepo's whole life, with leader election, must be
 * granted).
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { TR, condition, eventually, startOperatorWorld } from '../e2e-operator/operator-world.ts';
import { NAMESPACE, ROOT, find, renderChart } from './helm.ts';
import type { KubeObject } from './validate-manifests.ts';

/** `group/resource[/subresource]:verb`, the unit RBAC grants. */
type Permission = string;

/** What each client-node call needs. A call site not in this table fails the test: add it here and to the chart. */
const CALLS: Record<string, Permission[]> = {
  'custom.listClusterCustomObject': ['tract.dev/tractrepos:list'],
  'custom.listNamespacedCustomObject': ['tract.dev/tractrepos:list'],
  'new ListWatch': ['tract.dev/tractrepos:watch'],
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

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

function permissionsOf(objects: readonly KubeObject[], kinds: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of objects.filter((o) => kinds.includes(o.kind) && !(o.metadata?.name ?? '').includes('tractrepo-'))) {
    for (const rule of (role as unknown as { rules: Rule[] }).rules) {
      for (const group of rule.apiGroups) for (const resource of rule.resources) for (const verb of rule.verbs) out.add(`${group}/${resource}:${verb}`);
    }
  }
  return out;
}

function callSites(): { site: string; call: string }[] {
  const dir = join(ROOT, 'controller/kube');
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return [...text.matchAll(/clients\.(custom|core|coordination)\.(\w+)\(|new (ListWatch)\b/g)].map((m) => ({ site: file, call: m[3] ? 'new ListWatch' : `${m[1]}.${m[2]}` }));
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

/** `tractrepos.tract.dev` + `status` → `tract.dev/tractrepos/status`. */
function permissionOf(entry: { resource?: string; subresource?: string; verb?: string }): Permission {
  const [resource, ...group] = (entry.resource ?? '?').split('.');
  return `${group.join('.')}/${resource}${entry.subresource ? `/${entry.subresource}` : ''}:${entry.verb ?? '?'}`;
}

describe('Helm chart RBAC: what a running operator-mode controller asks the API server for', function () {
  this.timeout(90_000);

  it('every request over a TractRepo’s life (list, watch, Secret, status, events, finalizer, Lease) is granted', async () => {
    const world = await startOperatorWorld();
    try {
      await world.createJiraSecret();
      await world.applyRepo('app');
      const fromTest = world.api.requestLog.length;
      const controller = await world.startController({ identity: 'rbac-0', leaderElection: true });
      await world.pushWorklogs(['0199a000-0000-7000-8000-0000000003c1']);
      expect((await controller.fetchText('/api/v1/repos/default/app/sync', { method: 'POST' })).status).to.equal(202);
      await eventually(() => (condition(world.repo('app'), 'Ready')?.status === 'True' && world.inJira('0199a000-0000-7000-8000-0000000003c1') === 1 ? true : undefined), 'the repo to sync');
      await world.custom.deleteNamespacedCustomObject({ ...TR, name: 'app' });
      await eventually(() => (world.repo('app') === undefined ? true : undefined), 'the finalizer to be removed');
      expect(await controller.stop()).to.equal(0);
      // The test's own requests after the start: only the DELETE (the controller never deletes: no such call in controller/kube).
      const used = new Set(world.api.requestLog.slice(fromTest).filter((e) => e.verb !== 'delete').map(permissionOf));
      const objects = await renderChart([], ['leaderElection.enabled=true']);
      const granted = new Set([...permissionsOf(find(objects, 'ClusterRole'), ['ClusterRole']), ...permissionsOf(find(objects, 'Role'), ['Role'])]);
      expect([...used].filter((p) => !granted.has(p))).to.deep.equal([]);
      for (const expected of ['tract.dev/tractrepos:list', 'tract.dev/tractrepos:watch', 'tract.dev/tractrepos/status:patch', '/secrets:get', '/events:create', 'coordination.k8s.io/leases:create', 'tract.dev/tractrepos:patch']) {
        expect([...used], expected).to.include(expected);
      }
    } finally {
      await world.close();
    }
  });
});
