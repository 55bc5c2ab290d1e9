/**
 * A real Kubernetes API server for tests (docs/operator.md, "The real Kubernetes API server"): etcd and
 * kube-apiserver, built from the Go module proxy at pinned versions by scripts/build-kube-envtest.js,
 * started on loopback ports with RBAC authorization, a static admin token for the test itself, the
 * service-account token signer (TokenRequest) for the controller, and an audit log of every request a
 * service account makes. `close()` stops both and removes their directories.
 *
 *   const kube = await startRealKube();
 *   const kc = new KubeConfig(); kc.loadFromOptions(kube.kubeConfig());
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHelmTools } from '../../../scripts/extract-helm.js';
import { ensureKubeBinaries } from '../../../scripts/build-kube-envtest.js';
import { writeKubePki } from './kube-pki.ts';
import { freePort, httpsStatus, startServerProcess, waitFor } from './server-process.ts';
import type { ServerProcess } from './server-process.ts';

/** What `KubeConfig.loadFromOptions` takes. */
export interface RealKubeConfigOptions {
  clusters: { name: string; server: string; caData: string }[];
  users: { name: string; token: string }[];
  contexts: { name: string; cluster: string; user: string; namespace: string }[];
  currentContext: string;
}

/** One audit record (Metadata level): a request of a service account and its answer. */
export interface AuditEvent {
  verb: string;
  user: { username: string };
  objectRef?: { resource?: string; subresource?: string; apiGroup?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  requestURI: string;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RealKube {
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** The serving certificate (self-signed), PEM. */
  ca: string;
  /** A client of the test's own: the admin (system:masters) unless `token` is given. */
  kubeConfig(options?: { token?: string; namespace?: string }): RealKubeConfigOptions;
  /** The same as a kubeconfig file's text. */
  kubeconfigYaml(options?: { token?: string; namespace?: string }): string;
  /** The real kubectl (from scripts/extract-helm.js) as the admin; `input` goes to its stdin. */
  kubectl(args: readonly string[], input?: string): Promise<KubectlResult>;
  /** A token of `namespace/serviceAccount` from the TokenRequest API. */
  serviceAccountToken(namespace: string, serviceAccount: string): Promise<string>;
  /** Every service-account request so far, in order (the audit log). */
  auditEvents(): AuditEvent[];
  close(): Promise<void>;
}

export async function startRealKube(): Promise<RealKube> {
  const bins = ensureKubeBinaries({ log: (line) => process.stderr.write(`${line}\n`) });
  const { kubectl: kubectlBin } = await ensureHelmTools();
  const dir = mkdtempSync(join(tmpdir(), 'tract-real-kube-'));
  const pki = writeKubePki(dir);
  const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
  const processes: ServerProcess[] = [];
  const close = async (): Promise<void> => {
    for (const p of processes.reverse()) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const etcd = startServerProcess('etcd', bins.etcd, ['--data-dir', join(dir, 'etcd'), '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`]);
    processes.push(etcd);
    await waitFor(() => etcd.tail().includes('etcd ready'), 'etcd ready', etcd);
    const apiserver = startServerProcess('kube-apiserver', bins.kubeApiserver, apiserverArgs(dir, pki, etcdClient, securePort));
    processes.push(apiserver);
    const url = `https://127.0.0.1:${securePort}`;
    const certFile = join(dir, 'certs', 'apiserver.crt');
    // The certificate is read again at every attempt: the server may still be writing it.
    let ca = '';
    await waitFor(async () => {
      ca = existsSync(certFile) ? readFileSync(certFile, 'utf8') : '';
      return ca !== '' && (await httpsStatus(`${url}/readyz`, ca, pki.adminToken)) === 200;
    }, 'kube-apiserver /readyz', apiserver);
    return realKube(url, ca, pki.adminToken, dir, kubectlBin, close);
  } catch (err) {
    await close();
    throw err;
  }
}

function apiserverArgs(dir: string, pki: ReturnType<typeof writeKubePki>, etcdPort: number, securePort: number): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    `--secure-port=${securePort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--cert-dir=${join(dir, 'certs')}`,
    '--authorization-mode=RBAC',
    `--token-auth-file=${pki.tokenFile}`,
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--api-audiences=https://kubernetes.default.svc.cluster.local',
    '--service-cluster-ip-range=10.0.0.0/24',
    `--audit-policy-file=${pki.auditPolicy}`,
    `--audit-log-path=${join(dir, 'audit.log')}`,
    '--audit-log-format=json',
    '--anonymous-auth=false',
  ];
}

function realKube(url: string, ca: string, adminToken: string, dir: string, kubectlBin: string, close: () => Promise<void>): RealKube {
  const options = (o: { token?: string; namespace?: string } = {}): RealKubeConfigOptions => ({
    clusters: [{ name: 'real-kube', server: url, caData: Buffer.from(ca).toString('base64') }],
    users: [{ name: 'u', token: o.token ?? adminToken }],
    contexts: [{ name: 'test', cluster: 'real-kube', user: 'u', namespace: o.namespace ?? 'default' }],
    currentContext: 'test',
  });
  const kubeconfigYaml = (o: { token?: string; namespace?: string } = {}): string => {
    const c = options(o);
    return JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'test',
      clusters: [{ name: 'real-kube', cluster: { server: url, 'certificate-authority-data': c.clusters[0]!.caData } }],
      users: [{ name: 'u', user: { token: c.users[0]!.token } }],
      contexts: [{ name: 'test', context: { cluster: 'real-kube', user: 'u', namespace: c.contexts[0]!.namespace } }],
    });
  };
  const adminKubeconfig = join(dir, 'admin.kubeconfig');
  writeFileSync(adminKubeconfig, kubeconfigYaml(), { mode: 0o600 });
  const kubectl = (args: readonly string[], input?: string): Promise<KubectlResult> => new Promise((resolve) => {
    const child = execFile(kubectlBin, ['--kubeconfig', adminKubeconfig, ...args], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
  return {
    url, ca, kubeConfig: options, kubeconfigYaml, kubectl, close,
    serviceAccountToken: async (namespace, serviceAccount) => {
      const request = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
      const result = await kubectl(['create', '--raw', `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`, '-f', '-'], request);
      if (result.code !== 0) throw new Error(`TokenRequest for ${namespace}/${serviceAccount} failed: ${result.stderr}`);
      return (JSON.parse(result.stdout) as { status: { token: string } }).status.token;
    },
    auditEvents: () => {
      const file = join(dir, 'audit.log');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as AuditEvent);
    },
  };
}
