import { expect } from 'chai';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AuthError, TransientError, ValidationError } from '../../../shared/core/tract-error.ts';
import { GitRepository, type GitCommandEvent } from '../../../shared/git/git-repository.ts';
import { git, gitTestEnv, makeBareRemote, makeClone, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { startGitHttpServer, type GitHttpServer } from '../../support/git-http-server.ts';
import { rejection } from '../../support/rejection.ts';

const PASSWORD = 'hunter2-Secret-pw';
const TOKEN = 'glpat-Token-0123456789';

/** Command lines of every process on the machine (Linux /proc), to prove a secret is in none. */
function allCommandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // the process ended meanwhile
    }
  }
  return lines;
}

describe('GitRepository failures, credentials and isolation (real git)', () => {
  let server: GitHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    removeTempDirs();
  });

  describe('unreachable remotes are TransientErrors', () => {
    for (const url of ['/nonexistent/tract/x.git', 'http://127.0.0.1:1/x.git']) {
      it(`clone of ${url}`, async () => {
        const target = join(tempDir(), 'c');
        const error = await rejection(GitRepository.clone(url, target, 'main', { env: gitTestEnv() }));
        expect(error).to.be.instanceOf(TransientError);
        expect(existsSync(target), 'no partial clone left behind').to.equal(false);
        expect(error.reason).to.equal('GitOperationFailed');
        expect(error.message).to.not.include('\n');
      });
    }

    it('a configured password and token never reach the message (basic-auth URL to a refused port)', async () => {
      const clone = await makeClone(await makeBareRemote());
      await git(clone, ['remote', 'set-url', 'origin', `http://tract:${PASSWORD}@127.0.0.1:1/x.git`]);
      for (const credentials of [{ kind: 'basic', username: 'tract', password: PASSWORD } as const, { kind: 'bearer', token: TOKEN } as const]) {
        const repo = await GitRepository.open(clone, { env: gitTestEnv(), credentials, secrets: [PASSWORD] });
        const error = await rejection(repo.fetch('origin', 'main'));
        expect(error).to.be.instanceOf(TransientError);
        expect(error.message).to.include('127.0.0.1').and.not.include(PASSWORD).and.not.include(TOKEN);
        expect(error.message).to.not.include(Buffer.from(`tract:${PASSWORD}`).toString('base64'));
      }
    });

    it('scrubs a configured secret that git itself prints', async () => {
      const error = await rejection(GitRepository.clone(`/nonexistent/${TOKEN}/x.git`, join(tempDir(), 'c'), 'main', { env: gitTestEnv(), credentials: { kind: 'bearer', token: TOKEN } }));
      expect(error.message).to.include('/nonexistent/***/x.git').and.not.include(TOKEN);
    });
  });

  describe('HTTP credentials through the environment, against git http-backend', () => {
    async function serve(auth: { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string }, onRequest?: () => void): Promise<string> {
      const remote = await makeBareRemote();
      server = await startGitHttpServer({ projectRoot: dirname(remote), auth, ...(onRequest ? { onRequest } : {}) });
      return `${server.url}/remote.git`;
    }

    it('basic: clones and pushes; the password is in no argv, neither ours nor any process on the machine', async () => {
      const seen: string[][] = [];
      const url = await serve({ kind: 'basic', username: 'tract', password: PASSWORD }, () => seen.push(allCommandLines()));
      const commands: GitCommandEvent[] = [];
      const options = { env: gitTestEnv(), credentials: { kind: 'basic', username: 'tract', password: PASSWORD } as const, onCommand: (event: GitCommandEvent) => commands.push(event) };

      const repo = await GitRepository.clone(url, join(tempDir(), 'c'), 'main', options);
      await repo.commit('[tract] Log 1h to APP-1', { allowEmpty: true });
      expect((await repo.push('origin', 'main', { strategy: 'rebase' })).attempts).to.equal(1);

      expect(server!.authorizations).to.include(`Basic ${Buffer.from(`tract:${PASSWORD}`).toString('base64')}`);
      expect(commands.map((event) => event.command)).to.include.members(['clone', 'commit', 'push']);
      expect(commands.flatMap((event) => event.args).join(' ')).to.not.include(PASSWORD);
      const processes = seen.flat();
      expect(processes.some((commandLine) => commandLine.includes('remote-http')), 'the scan saw git at work').to.equal(true);
      expect(processes.filter((commandLine) => commandLine.includes(PASSWORD))).to.deep.equal([]);
      expect(await repo.remoteUrl()).to.equal(url);
    });

    it('bearer: the token is sent as an Authorization header', async () => {
      const url = await serve({ kind: 'bearer', token: TOKEN });
      const repo = await GitRepository.clone(url, join(tempDir(), 'c'), 'main', { env: gitTestEnv(), credentials: { kind: 'bearer', token: TOKEN } });
      expect(await repo.fetch('origin', 'main')).to.equal(await repo.headCommit());
      expect(server!.authorizations).to.include(`Bearer ${TOKEN}`);
    });

    for (const [label, credentials] of [
      ['a wrong password', { kind: 'basic', username: 'tract', password: 'wrong-password' }],
      ['no credentials', undefined],
    ] as const) {
      it(`${label} is an AuthError without prompting`, async () => {
        const url = await serve({ kind: 'basic', username: 'tract', password: PASSWORD });
        const error = await rejection(GitRepository.clone(url, join(tempDir(), 'c'), 'main', { env: gitTestEnv(), ...(credentials ? { credentials } : {}) }));
        expect(error).to.be.instanceOf(AuthError);
        expect(error.reason).to.equal('AuthenticationFailed');
        expect(error.message).to.not.include('wrong-password');
      });
    }
  });

  it('ssh credentials reach ssh through GIT_SSH_COMMAND; a refused key is an AuthError', async () => {
    const bin = tempDir();
    const argvFile = join(bin, 'ssh-argv');
    writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\necho 'git@example.test: Permission denied (publickey).' >&2\nexit 255\n`);
    chmodSync(join(bin, 'ssh'), 0o755);
    const env = { ...gitTestEnv(), PATH: `${bin}:${process.env.PATH ?? ''}` };
    const credentials = { kind: 'ssh', identityFile: '/secrets/id key', knownHostsFile: '/secrets/known_hosts' } as const;

    const error = await rejection(GitRepository.clone('ssh://git@example.test/team/repo.git', join(tempDir(), 'c'), 'main', { env, credentials }));

    expect(error).to.be.instanceOf(AuthError);
    const argv = readFileSync(argvFile, 'utf8').split('\n');
    expect(argv.slice(0, 2)).to.deep.equal(['-i', '/secrets/id key']);
    expect(argv).to.include.members(['UserKnownHostsFile=/secrets/known_hosts', 'IdentitiesOnly=yes', 'StrictHostKeyChecking=yes', 'BatchMode=yes']);
  });

  it('a timeout kills git and its helpers and is a TransientError', async () => {
    const remote = await makeBareRemote();
    let disconnected!: Promise<void>;
    server = await startGitHttpServer({
      projectRoot: dirname(remote),
      hang: true,
      onRequest: (request) => {
        disconnected = new Promise((resolve) => request.socket.once('close', () => resolve()));
      },
    });
    const clone = await makeClone(remote);
    await git(clone, ['remote', 'set-url', 'origin', `${server.url}/remote.git`]);
    const events: GitCommandEvent[] = [];
    const repo = await GitRepository.open(clone, { env: gitTestEnv(), timeoutMs: 500, onCommand: (event) => events.push(event) });

    // The server never answers: only the timeout's kill can end the fetch and close the connection.
    const error = await rejection(repo.fetch('origin', 'main'));

    expect(error).to.be.instanceOf(TransientError);
    expect(error.message).to.include('timed out after 500 ms');
    await disconnected; // git-remote-http, a child of git, was killed too: its connection closed
    expect(events.map((event) => event.outcome)).to.deep.equal(['timeout']);
  });

  it('a clone that times out leaves no partial directory behind, so a retry can succeed', async () => {
    const remote = await makeBareRemote();
    server = await startGitHttpServer({ projectRoot: dirname(remote), hang: true });
    const target = join(tempDir(), 'c');
    const error = await rejection(GitRepository.clone(`${server.url}/remote.git`, target, 'main', { env: gitTestEnv(), timeoutMs: 300 }));
    expect(error).to.be.instanceOf(TransientError);
    expect(existsSync(target)).to.equal(false);
    expect(await (await GitRepository.clone(remote, target, 'main', { env: gitTestEnv() })).currentBranch()).to.equal('main');
  });

  describe('isolateConfig', () => {
    function globalConfig(): Record<string, string> {
      const home = tempDir();
      const file = join(home, 'gitconfig');
      writeFileSync(file, '[user]\n\tname = Global Person\n\temail = global@example.com\n');
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GIT_CONFIG_GLOBAL: file };
      return env;
    }

    it('the CLI (default) uses the developer’s global config', async () => {
      const repo = await GitRepository.init(join(tempDir(), 'r'), { env: globalConfig() });
      await repo.commit('x', { allowEmpty: true });
      expect((await repo.log('HEAD'))[0]?.authorName).to.equal('Global Person');
    });

    it('the controller (isolateConfig) ignores it', async () => {
      const repo = await GitRepository.init(join(tempDir(), 'r'), { env: { ...globalConfig(), GIT_CONFIG_PARAMETERS: "'user.name'='Param Person'" }, isolateConfig: true });
      const error = await rejection(repo.commit('x', { allowEmpty: true }));
      expect(error).to.be.instanceOf(ValidationError);
      expect(error.reason).to.equal('GitIdentityMissing');
      await repo.commit('x', { allowEmpty: true, author: { name: 'tract-sync', email: 'tract-sync@localhost' } });
      expect((await repo.log('HEAD'))[0]?.authorName).to.equal('tract-sync');
    });
  });
});
