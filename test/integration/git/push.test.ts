import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError } from '../../../shared/core/tract-error.ts';
import { GitRepository } from '../../../shared/git/git-repository.ts';
import { commitFile, git, gitLog, gitTestEnv, makeBareRemote, makeClone, removeTempDirs, writeRepoFile } from '../../support/git-fixtures.ts';
import { rejection } from '../../support/rejection.ts';

const options = { env: gitTestEnv(), pushBackoff: { baseMs: 1, maxMs: 5 } };
const FILE = 'worklogs/2026-02.jsonl';
const line = (issue: string): string => `{"issue":"${issue}","author":"x","time":"1h","started":"2026-02-14T09:00:00.000+01:00"}\n`;

/** A remote with a shared worklog file and two developers' clones of it. */
async function twoDevelopers(): Promise<{ remote: string; alice: string; bob: string }> {
  const remote = await makeBareRemote({ files: { '.gitattributes': 'worklogs/*.jsonl merge=union\n', [FILE]: line('APP-1') } });
  return { remote, alice: await makeClone(remote, { name: 'Alice', email: 'a@example.com' }), bob: await makeClone(remote, { name: 'Bob', email: 'b@example.com' }) };
}

async function append(dir: string, text: string, message: string): Promise<string> {
  return commitFile(dir, FILE, readFileSync(join(dir, FILE), 'utf8') + text, message);
}

async function pushFrom(dir: string): Promise<void> {
  await git(dir, ['push', '--quiet', 'origin', 'main']);
}

describe('GitRepository.push (real git, bare remote)', () => {
  afterEach(removeTempDirs);

  it('pushes the branch in one attempt when nobody else pushed', async () => {
    const { remote, alice } = await twoDevelopers();
    const sha = await append(alice, line('APP-2'), '[tract] Log 1h to APP-2');
    const result = await (await GitRepository.open(alice, options)).push('origin', 'main', { strategy: 'rebase' });
    expect(result).to.deep.equal({ commit: sha, attempts: 1 });
    expect(await gitLog(remote, 'main')).to.deep.equal(['[tract] Log 1h to APP-2', 'Initial commit']);
  });

  it('rebase: both developers append to the same month file, both commits land, no line is lost', async () => {
    const { remote, alice, bob } = await twoDevelopers();
    await append(bob, line('APP-3'), '[tract] Log 1h to APP-3');
    await pushFrom(bob);
    await append(alice, line('APP-2'), '[tract] Log 1h to APP-2');
    writeRepoFile(alice, 'scratch.txt', 'uncommitted work\n');

    const repo = await GitRepository.open(alice, options);
    const result = await repo.push('origin', 'main', { strategy: 'rebase' });

    expect(result.attempts).to.equal(2);
    expect(result.commit).to.equal((await git(remote, ['rev-parse', 'main'])).trim());
    expect(await gitLog(remote, 'main')).to.deep.equal(['[tract] Log 1h to APP-2', '[tract] Log 1h to APP-3', 'Initial commit']);
    const merged = await git(remote, ['show', `main:${FILE}`]);
    expect(merged.split('\n').filter(Boolean).sort()).to.deep.equal([line('APP-1'), line('APP-2'), line('APP-3')].map((l) => l.trim()).sort());
    expect(readFileSync(join(alice, 'scratch.txt'), 'utf8')).to.equal('uncommitted work\n');
  });

  it('rebase conflict: aborts, leaves the repository as it was and says what to do', async () => {
    const remote = await makeBareRemote({ files: { 'notes.txt': 'original\n' } });
    const alice = await makeClone(remote);
    const bob = await makeClone(remote);
    await commitFile(bob, 'notes.txt', 'bob\n', 'bob edits');
    await pushFrom(bob);
    const before = await commitFile(alice, 'notes.txt', 'alice\n', 'alice edits');
    writeRepoFile(alice, 'scratch.txt', 'uncommitted\n');

    const error = await rejection((await GitRepository.open(alice, options)).push('origin', 'main', { strategy: 'rebase' }));

    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).reason).to.equal('RebaseConflict');
    expect(error.message).to.include('notes.txt').and.include('git pull --rebase');
    expect((await git(alice, ['rev-parse', 'HEAD'])).trim()).to.equal(before);
    expect(existsSync(join(alice, '.git', 'rebase-merge'))).to.equal(false);
    expect(readFileSync(join(alice, 'notes.txt'), 'utf8')).to.equal('alice\n');
    expect(readFileSync(join(alice, 'scratch.txt'), 'utf8')).to.equal('uncommitted\n');
    expect(await gitLog(remote, 'main')).to.deep.equal(['bob edits', 'Initial commit']);
  });

  it('reapply: resets to the new remote tip, calls reapply(tip) and pushes the re-done commit', async () => {
    const { remote, alice, bob } = await twoDevelopers();
    await append(bob, line('APP-3'), 'from bob');
    await pushFrom(bob);
    const bobTip = (await git(bob, ['rev-parse', 'HEAD'])).trim();
    await append(alice, line('APP-2'), '[tract-sync] Add worklog from Jira (APP-2, x, 1h)');

    const repo = await GitRepository.open(alice, options);
    const tips: string[] = [];
    const result = await repo.push('origin', 'main', {
      strategy: 'reapply',
      reapply: async (tip) => {
        tips.push(tip);
        expect(await repo.headCommit()).to.equal(tip);
        writeRepoFile(alice, FILE, readFileSync(join(alice, FILE), 'utf8') + line('APP-2'));
        await repo.add([FILE]);
        await repo.commit('[tract-sync] Add worklog from Jira (APP-2, x, 1h)', { author: { name: 'tract-sync', email: 'tract-sync@localhost' } });
        return true;
      },
    });

    expect(tips).to.deep.equal([bobTip]);
    expect(result.attempts).to.equal(2);
    expect(await gitLog(remote, 'main')).to.deep.equal(['[tract-sync] Add worklog from Jira (APP-2, x, 1h)', 'from bob', 'Initial commit']);
    expect((await git(remote, ['log', '-1', '--format=%an', 'main'])).trim()).to.equal('tract-sync');
  });

  it('reapply returning false ends the push at the remote tip', async () => {
    const { remote, alice, bob } = await twoDevelopers();
    await append(bob, line('APP-3'), 'from bob');
    await pushFrom(bob);
    await append(alice, line('APP-3'), 'same change');
    const result = await (await GitRepository.open(alice, options)).push('origin', 'main', { strategy: 'reapply', reapply: async () => false });
    const remoteTip = (await git(remote, ['rev-parse', 'main'])).trim();
    expect(result).to.deep.equal({ commit: remoteTip, attempts: 1 });
    expect((await git(alice, ['rev-parse', 'HEAD'])).trim()).to.equal(remoteTip);
  });

  it('gives up with ConflictError PushRejected after maxAttempts when others keep pushing', async () => {
    const { remote, alice, bob } = await twoDevelopers();
    await append(alice, line('APP-2'), 'alice');
    const repo = await GitRepository.open(alice, options);
    let calls = 0;
    const competitor = async (): Promise<void> => {
      await git(bob, ['pull', '--quiet', '--rebase', 'origin', 'main']);
      await append(bob, line(`APP-${10 + calls}`), `bob ${calls}`);
      await pushFrom(bob);
    };
    await competitor();

    const error = await rejection(
      repo.push('origin', 'main', {
        strategy: 'reapply',
        reapply: async () => {
          calls += 1;
          await repo.commit('alice again', { allowEmpty: true });
          await competitor();
          return true;
        },
      }, 3),
    );

    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).reason).to.equal('PushRejected');
    expect(error.message).to.include('3 attempts');
    expect(calls).to.equal(2);
    expect(await gitLog(remote, 'main')).to.not.include('alice again');
  });
});
