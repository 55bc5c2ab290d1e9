/**
 * A real smart-HTTP git server on loopback (port 0): `git http-backend` behind node:http as CGI, with
 * Basic or Bearer auth, for testing credentials, auth failures and timeouts against real git clients.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type GitHttpAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface GitHttpServerOptions {
  /** Folder holding the bare repositories; `<url>/<name>.git` serves `<projectRoot>/<name>.git`. */
  projectRoot: string;
  auth?: GitHttpAuth;
  /** Accept requests and never answer (to test timeouts). */
  hang?: boolean;
  /** Called for every request while the client is connected. */
  onRequest?: (request: IncomingMessage) => void;
}

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The Authorization header of every request, in order. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    options.onRequest?.(request);
    if (options.hang === true) return;
    if (!authorized(request.headers.authorization, options.auth)) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="tract-test"' }).end();
      return;
    }
    serveCgi(request, response, options.projectRoot, options.auth === undefined ? 'anonymous' : 'tract');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function authorized(header: string | undefined, auth: GitHttpAuth | undefined): boolean {
  if (auth === undefined) return true;
  if (auth.kind === 'bearer') return header === `Bearer ${auth.token}`;
  return header === `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

function serveCgi(request: IncomingMessage, response: ServerResponse, projectRoot: string, user: string): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: request.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
      REMOTE_USER: user, // enables receive-pack (push)
      REMOTE_ADDR: '127.0.0.1',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  request.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    headersDone = true;
    writeCgiHead(response, head.subarray(0, end).toString('latin1'));
    response.write(head.subarray(end + 4));
  });
  child.stdout.on('end', () => response.end());
}

function writeCgiHead(response: ServerResponse, head: string): void {
  let status = 200;
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
    else response.setHeader(name, value);
  }
  response.writeHead(status);
}
