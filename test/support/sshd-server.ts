/**
 * A real OpenSSH server on loopback for git over ssh: its own host key, one authorised client key, a free
 * port, started as the current user (`/usr/sbin/sshd`, Debian's openssh-server, installed by the test
 * suite's pretest step). Git reaches repositories by absolute path: `ssh://<user>@127.0.0.1:<port>/<dir>`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface SshKeyPair {
  /** The private key file (what GitCredentials' identityFile names). */
  privateKey: string;
  publicKey: string;
}

export interface SshServer {
  /** `ssh://<user>@127.0.0.1:<port>` — append an absolute path. */
  urlBase: string;
  /** A known_hosts file that trusts this server's host key. */
  knownHostsFile: string;
  /** The one key the server accepts. */
  clientKey: SshKeyPair;
  close(): Promise<void>;
}

/** A new ed25519 key pair in `dir` (no passphrase). */
export function makeKeyPair(dir: string, name: string): SshKeyPair {
  const privateKey = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', privateKey]);
  return { privateKey, publicKey: readFileSync(`${privateKey}.pub`, 'utf8').trim() };
}

export async function startSshServer(dir: string): Promise<SshServer> {
  const hostKey = makeKeyPair(dir, 'host_key');
  const clientKey = makeKeyPair(dir, 'client_key');
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, `${clientKey.publicKey}\n`, { mode: 0o600 });
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey.privateKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      'AuthenticationMethods publickey',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The temp dir's permissions are not sshd's business here.
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'LogLevel ERROR',
    ].join('\n'),
  );
  // sshd's privilege separation wants its empty directory (made by the service unit, which is not running).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${hostKey.publicKey}\n`);
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitForPort(port, child, () => stderr);
  return {
    urlBase: `ssh://${userInfo().username}@127.0.0.1:${port}`,
    knownHostsFile,
    clientKey,
    close: () => stop(child),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error(`sshd did not listen on ${port}: ${stderr()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
