/**
 * A Kubernetes API server for tests (docs/testing.md): real HTTP on a loopback port that
 * `@kubernetes/client-node` 2.x talks to unmodified. Serves TractRepos (validated and defaulted from
 * the project's own CRD), Secrets, ConfigMaps, Events (core and events.k8s.io), Leases and Namespaces,
 * with list/watch/resourceVersion semantics, the status subresource, finalizers, merge and JSON patch.
 * Behaviour and limits: docs/tractrepo.md ("Kubernetes API test server").
 *
 *   const api = await startKubeApiServer();
 *   const kc = new KubeConfig(); kc.loadFromOptions(api.kubeConfig());
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoveryDocument } from './discovery.ts';
import { InjectedFailures, type InjectedStatus, type RequestLogEntry, type RequestMatcher } from './injected-failures.ts';
import { failure, KubeStatusError, unauthorized, type KubeStatus } from './kube-status.ts';
import { loadCrds, TRACT_REPO_CRD_PATH } from './load-crd.ts';
import { ObjectStore, type KubeObject } from './object-store.ts';
import { handleResourceRequest } from './handle-resource-request.ts';
import { metaTime } from './object-writes.ts';
import { builtinResourceTypes, resourceId, type ResourceType } from './resource-types.ts';
import { routeRequest } from './route-request.ts';
import { WatchHub, type GoneMode } from './watch-hub.ts';

export interface KubeApiServerOptions {
  /** CRD manifests to install; default the TractRepo CRD in `crds/`. */
  crdPaths?: string[];
  /** Namespaces that exist from the start; default `default`, `kube-system`, `kube-public`. */
  namespaces?: string[];
  /** When set, every request needs `Authorization: Bearer <token>` (else 401). */
  token?: string;
  /** How a watch from a too old resourceVersion fails: in-stream ERROR event (default) or HTTP 410. */
  goneMode?: GoneMode;
  /** Changes kept for resuming watches; older resourceVersions get 410 Gone. Default 1000. */
  historyLimit?: number;
  /** Source of creation and deletion timestamps; default the system clock. */
  now?: () => Date;
}

/** What `KubeConfig.loadFromOptions` takes. */
export interface KubeConfigOptions {
  clusters: { name: string; server: string; skipTLSVerify: boolean }[];
  users: { name: string; token?: string }[];
  contexts: { name: string; cluster: string; user: string; namespace?: string }[];
  currentContext: string;
}

/** Raw access to the stored objects: no validation, but writes take a resourceVersion and reach watchers. */
export interface StoreAccess {
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
  put(resource: string, object: Omit<KubeObject, 'metadata'> & { metadata: Partial<KubeObject['metadata']> & { name: string } }): KubeObject;
  remove(resource: string, namespace: string | undefined, name: string): boolean;
}

export interface KubeApiServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  kubeConfig(options?: { namespace?: string; token?: string }): KubeConfigOptions;
  store: StoreAccess;
  /** Every request in arrival order (tests assert on what the controller sent). */
  requestLog: RequestLogEntry[];
  /** The next `times` (default 1) requests matching `matcher` are answered with `status`. */
  failNext(matcher: RequestMatcher, status: InjectedStatus, times?: number): void;
  /** Ends every open watch cleanly; returns how many were open. */
  breakWatches(): number;
  /** Forgets the change history: the next watch from any resourceVersion handed out so far gets 410. */
  compactHistory(): void;
  /** Sends a BOOKMARK to every open watch that asked for bookmarks. */
  sendBookmarks(): void;
  /** Switches how 410 Gone is delivered to watches. */
  setGoneMode(mode: GoneMode): void;
  readonly openWatches: number;
  readonly resourceVersion: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendStatus(res: ServerResponse, status: KubeStatus, headers: Record<string, string> = {}): void {
  sendJson(res, status.code, status, headers);
}

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const now = options.now ?? (() => new Date());
  const resources: ResourceType[] = [...builtinResourceTypes(), ...(await loadCrds(options.crdPaths ?? [TRACT_REPO_CRD_PATH]))];
  const store = new ObjectStore(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit });
  const hub = new WatchHub(store, options.goneMode ?? 'event');
  const failures = new InjectedFailures();
  const requestLog: RequestLogEntry[] = [];
  const storeAccess = makeStoreAccess(store, now);
  for (const ns of options.namespaces ?? ['default', 'kube-system', 'kube-public']) {
    storeAccess.put('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, status: { phase: 'Active' } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers['content-type'],
      ...(req.headers.authorization?.startsWith('Bearer ') ? { token: req.headers.authorization.slice('Bearer '.length) } : {}),
    };
    requestLog.push(entry);
    res.on('finish', () => (entry.code = res.statusCode));
    try {
      if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) throw unauthorized();
      const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
      const route = routeRequest(entry.method, url.pathname, watch, resources);
      if (route.kind === 'resource') {
        Object.assign(entry, {
          verb: route.verb,
          resource: resourceId(route.resource),
          ...(route.namespace === undefined ? {} : { namespace: route.namespace }),
          ...(route.name === undefined ? {} : { name: route.name }),
          ...(route.subresource === undefined ? {} : { subresource: route.subresource }),
        });
      }
      const injected = failures.take(entry);
      if (injected !== undefined) {
        const headers: Record<string, string> = injected.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(injected.retryAfterSeconds) };
        sendStatus(res, injected.status, headers);
        return;
      }
      if (route.kind === 'discovery') {
        sendJson(res, 200, discoveryDocument(route, resources));
        return;
      }
      const result = handleResourceRequest({ store, hub, now }, route, { req, res, url, body });
      if (result === undefined) entry.code = res.statusCode;
      else sendJson(res, result.code, result.body);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
      } else if (err instanceof KubeStatusError) {
        sendStatus(res, err.status);
      } else {
        sendStatus(res, failure(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`));
      }
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    kubeConfig: (o = {}) => ({
      clusters: [{ name: 'kube-api-server', server: url, skipTLSVerify: true }],
      users: [{ name: 'u', ...((o.token ?? options.token) === undefined ? {} : { token: o.token ?? options.token }) }],
      contexts: [{ name: 'test', cluster: 'kube-api-server', user: 'u', namespace: o.namespace ?? 'default' }],
      currentContext: 'test',
    }),
    store: storeAccess,
    requestLog,
    failNext: (matcher, status, times = 1) => failures.add(matcher, status, times),
    breakWatches: () => hub.breakAll(),
    compactHistory: () => store.compact(),
    sendBookmarks: () => hub.sendBookmarks(),
    setGoneMode: (mode) => (hub.goneMode = mode),
    get openWatches() {
      return hub.openCount;
    },
    get resourceVersion() {
      return String(store.currentRevision);
    },
    close: async () => {
      hub.breakAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function makeStoreAccess(store: ObjectStore, now: () => Date): StoreAccess {
  return {
    get: (resource, namespace, name) => store.get(resource, namespace, name),
    list: (resource, namespace) => store.list(resource, namespace),
    put: (resource, object) => {
      const existing = store.get(resource, object.metadata.namespace, object.metadata.name);
      const metadata = {
        ...object.metadata,
        uid: object.metadata.uid ?? existing?.metadata.uid ?? randomUUID(),
        creationTimestamp: object.metadata.creationTimestamp ?? existing?.metadata.creationTimestamp ?? metaTime(now()),
        resourceVersion: '',
      };
      return store.commit(resource, existing === undefined ? 'ADDED' : 'MODIFIED', { ...object, metadata } as KubeObject);
    },
    remove: (resource, namespace, name) => {
      const existing = store.get(resource, namespace, name);
      if (existing !== undefined) store.commit(resource, 'DELETED', existing);
      return existing !== undefined;
    },
  };
}
