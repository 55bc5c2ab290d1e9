/**
 * Git over ssh against a real OpenSSH server: the `ssh` credentials of a TractRepo (identity file and
 * known_hosts, given to ssh through GIT_SSH_COMMAND) clone, push and fetch; a key the server does not
 * accept and a host key that is not trusted are AuthErrors, and neither leaves a key path in the message.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthError } from '../../../shared/core/tract-error.ts';
import { GitRepository, type GitCredentials } from '../../../shared/git/git-repository.ts';
import { git, gitTestEnv, makeBareRemote, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { makeKeyPair, startSshServer, type SshServer } from '../../support/sshd-server.ts';
import { rejection } from '../../support/rejection.ts';

describe('git over ssh (a real sshd)', function () {
  this.timeout(60_000);
  let sshd: SshServer;
  let keys: string;

  before(async () => {
    keys = tempDir('tract-sshd-');
    sshd = await startSshServer(keys);
  });
  after(async () => {
    await sshd.close();
    removeTempDirs();
  });

  it('clones, commits and pushes with the identity file and known_hosts of the credentials', async () => {
    const remote = await makeBareRemote();
    const credentials: GitCredentials = { kind: 'ssh', identityFile: sshd.clientKey.privateKey, knownHostsFile: sshd.knownHostsFile };
    const repo = await GitRepository.clone(`${sshd.urlBase}${remote}`, join(tempDir(), 'clone'), 'main', { env: gitTestEnv(), credentials });
    writeFileSync(join(repo.dir, 'worklogs.jsonl'), '{"issue":"APP-1"}\n');
    await repo.add(['worklogs.jsonl']);
    const commit = await repo.commit('[tract] Log 1h to APP-1', { paths: ['worklogs.jsonl'] });
    const pushed = await repo.push('origin', 'main', { strategy: 'rebase' });
    expect(pushed.commit).to.equal(commit);
    expect((await git(remote, ['rev-parse', 'main'])).trim()).to.equal(commit);
    expect(await repo.fetch('origin', 'main')).to.equal(commit);
  });

  it('a key the server does not accept is an AuthError that names no key file', async () => {
    const remote = await makeBareRemote();
    const stranger = makeKeyPair(tempDir(), 'stranger_key');
    const credentials: GitCredentials = { kind: 'ssh', identityFile: stranger.privateKey, knownHostsFile: sshd.knownHostsFile };
    const error = await rejection(GitRepository.clone(`${sshd.urlBase}${remote}`, join(tempDir(), 'c'), 'main', { env: gitTestEnv(), credentials }));
    expect(error).to.be.instanceOf(AuthError);
    expect(error.message).to.match(/authentication to the remote failed/);
    expect(error.message).to.not.contain(stranger.privateKey);
  });

  it('a server whose host key is not in known_hosts is refused (no trust on first use)', async () => {
    const remote = await makeBareRemote();
    const emptyKnownHosts = join(tempDir(), 'known_hosts');
    writeFileSync(emptyKnownHosts, '');
    const credentials: GitCredentials = { kind: 'ssh', identityFile: sshd.clientKey.privateKey, knownHostsFile: emptyKnownHosts };
    const error = await rejection(GitRepository.clone(`${sshd.urlBase}${remote}`, join(tempDir(), 'c'), 'main', { env: gitTestEnv(), credentials }));
    expect(error).to.be.instanceOf(AuthError);
    expect(error.reason).to.equal('HostKeyNotTrusted');
    expect(error.message).to.match(/ssh host key is not in the credentials' known_hosts \(Host key verification failed\)/);
  });
});
