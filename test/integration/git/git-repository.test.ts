import { expect } from 'chai';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCHRONOUS_FILES, GitRepository, SYNCHRONOUS_FILES } from '../../../shared/git/git-repository.ts';
import { ValidationError } from '../../../shared/core/tract-error.ts';
import { commitFile, git, gitLog, gitTestEnv, makeBareRemote, makeClone, removeTempDirs, tempDir, writeRepoFile } from '../../support/git-fixtures.ts';
import { rejection } from '../../support/rejection.ts';

const options = { env: gitTestEnv() };

describe('GitRepository (real git)', () => {
  afterEach(removeTempDirs);

  describe('open / init / clone', () => {
    it('finds the top level from a subdirectory, through a worktree pointer too', async () => {
      const clone = await makeClone(await makeBareRemote());
      mkdirSync(join(clone, 'a', 'b'), { recursive: true });
      expect((await GitRepository.open(join(clone, 'a', 'b'), options)).dir).to.equal(clone);

      const worktree = join(tempDir(), 'wt');
      await git(clone, ['worktree', 'add', '--quiet', '-b', 'side', worktree]);
      const repo = await GitRepository.open(worktree, options);
      expect(repo.dir).to.equal(worktree);
      expect(await repo.currentBranch()).to.equal('side');
      expect(await repo.headCommit()).to.equal((await git(clone, ['rev-parse', 'main'])).trim());
    });

    for (const [reads, files] of [['asynchronous', ASYNCHRONOUS_FILES], ['synchronous (the CLI)', SYNCHRONOUS_FILES]] as const) {
      it(`reads git's metadata files the same way, ${reads}: worktree pointer, bare repository, HEAD, refs, remote`, async () => {
        const remote = await makeBareRemote();
        const clone = await makeClone(remote);
        const worktree = join(tempDir(), 'wt');
        await git(clone, ['worktree', 'add', '--quiet', '-b', 'side', worktree]);
        mkdirSync(join(worktree, 'sub'));
        const repo = await GitRepository.open(join(worktree, 'sub'), { ...options, files });
        expect(repo.dir).to.equal(worktree);
        expect(await repo.currentBranch()).to.equal('side');
        expect(await repo.headCommit()).to.equal((await git(clone, ['rev-parse', 'main'])).trim());
        expect(await repo.remoteUrl()).to.equal(remote);
        const bare = await GitRepository.open(remote, { ...options, files });
        expect(bare.dir).to.equal(remote);
        expect(await bare.currentBranch()).to.equal('main');
        const nowhere = join(tempDir(), 'nope');
        expect((await rejection(GitRepository.open(nowhere, { ...options, files }))).message).to.equal(`directory not found: ${nowhere}`);
      });
    }

    it('rejects a directory outside any repository with the actionable message', async () => {
      const error = await rejection(GitRepository.open(tempDir(), options));
      expect(error).to.be.instanceOf(ValidationError);
      expect(error.message).to.equal('not a git repository (run `tract init` or `git init`)');
    });

    it('init makes an empty repository on the initial branch, bare or not', async () => {
      const repo = await GitRepository.init(join(tempDir(), 'new'), { ...options, initialBranch: 'trunk' });
      expect(await repo.currentBranch()).to.equal('trunk');
      expect(await repo.headCommit()).to.equal(undefined);
      const bare = await GitRepository.init(join(tempDir(), 'r.git'), { ...options, bare: true });
      expect(statSync(join(bare.dir, 'objects')).isDirectory()).to.equal(true);
      expect(await bare.currentBranch()).to.equal('main');
    });

    it('clone checks out the branch and records origin', async () => {
      const remote = await makeBareRemote();
      const repo = await GitRepository.clone(remote, join(tempDir(), 'deep', 'c'), 'main', options);
      expect(await repo.currentBranch()).to.equal('main');
      expect(await repo.remoteUrl()).to.equal(remote);
      expect(await repo.remoteUrl('upstream')).to.equal(undefined);
      expect(await repo.remoteTip('origin', 'main')).to.equal(await repo.headCommit());
    });

    it('clone of a missing branch is a ValidationError', async () => {
      const error = await rejection(GitRepository.clone(await makeBareRemote(), join(tempDir(), 'c'), 'nope', options));
      expect(error).to.be.instanceOf(ValidationError);
    });
  });

  describe('commits', () => {
    it('add + commit a new file, returning the sha; the message keeps its body verbatim', async () => {
      const repo = await GitRepository.open(await makeClone(await makeBareRemote()), options);
      writeRepoFile(repo.dir, 'worklogs/2026-02.jsonl', '{"issue":"APP-1"}\n');
      await repo.add(['worklogs/2026-02.jsonl']);
      const sha = await repo.commit('[tract-sync] Apply 2 worklog changes from Jira\n\n# first\nsecond', {
        author: { name: 'tract-sync', email: 'tract-sync@localhost' },
      });
      expect(sha).to.equal((await git(repo.dir, ['rev-parse', 'HEAD'])).trim());
      const [entry] = await repo.log('HEAD', { max: 1 });
      expect(entry).to.deep.equal({
        sha,
        subject: '[tract-sync] Apply 2 worklog changes from Jira',
        body: '# first\nsecond',
        authorName: 'tract-sync',
        authorEmail: 'tract-sync@localhost',
      });
      expect((await git(repo.dir, ['log', '-1', '--format=%cn'])).trim()).to.equal('tract-sync');
    });

    it('add stages deletions; commit with paths leaves what else the user staged alone', async () => {
      const clone = await makeClone(await makeBareRemote());
      await commitFile(clone, 'worklogs/a.jsonl', 'a\n', 'seed');
      const repo = await GitRepository.open(clone, options);
      writeRepoFile(clone, 'notes.txt', 'user work\n');
      await git(clone, ['add', 'notes.txt']);
      rmSync(join(clone, 'worklogs/a.jsonl'));
      await repo.add(['worklogs/a.jsonl']);
      const sha = await repo.commit('[tract] Delete worklog on APP-1 (2h)', { paths: ['worklogs/a.jsonl'] });
      expect(await repo.diffFiles(`${sha}~1`, sha, [])).to.deep.equal([{ status: 'D', path: 'worklogs/a.jsonl' }]);
      expect((await git(clone, ['diff', '--cached', '--name-only'])).trim()).to.equal('notes.txt');
    });

    it('commit with paths: one git process for a tracked file, new files are added first', async () => {
      const clone = await makeClone(await makeBareRemote());
      const commands: string[] = [];
      const repo = await GitRepository.open(clone, { ...options, onCommand: (event) => commands.push(event.command) });
      writeRepoFile(clone, 'worklogs/2026-02.jsonl', 'one\n');
      const first = await repo.commit('[tract] Log 1h to APP-1', { paths: ['worklogs/2026-02.jsonl'] });
      expect(commands).to.deep.equal(['commit', 'add', 'commit']);
      commands.length = 0;
      writeRepoFile(clone, 'worklogs/2026-02.jsonl', 'one\ntwo\n');
      const second = await repo.commit('[tract] Log 2h to APP-2', { paths: ['worklogs/2026-02.jsonl'] });
      expect(commands).to.deep.equal(['commit']);
      expect(await repo.readFileAt(second, 'worklogs/2026-02.jsonl')).to.equal('one\ntwo\n');
      expect(await repo.diffFiles(first, second, [])).to.deep.equal([{ status: 'M', path: 'worklogs/2026-02.jsonl' }]);
      const error = await rejection(repo.commit('x', { paths: ['worklogs/missing.jsonl'] }));
      expect((error as ValidationError).reason).to.equal('PathNotFound');
    });

    it('commit with nothing staged is a ValidationError; allowEmpty commits anyway', async () => {
      const repo = await GitRepository.open(await makeClone(await makeBareRemote()), options);
      const error = await rejection(repo.commit('nothing'));
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).reason).to.equal('NothingToCommit');
      await repo.commit('empty', { allowEmpty: true });
      expect(await gitLog(repo.dir)).to.deep.equal(['empty', 'Initial commit']);
    });

    it('isClean sees untracked and modified files, optionally within paths', async () => {
      const repo = await GitRepository.open(await makeClone(await makeBareRemote()), options);
      expect(await repo.isClean()).to.equal(true);
      writeRepoFile(repo.dir, 'worklogs/x.jsonl', 'x\n');
      expect(await repo.isClean()).to.equal(false);
      expect(await repo.isClean(['worklogs'])).to.equal(false);
      expect(await repo.isClean(['.tract'])).to.equal(true);
    });
  });

  describe('reading history', () => {
    it('readFileAt, listFilesAt and diffFiles at given commits', async () => {
      const clone = await makeClone(await makeBareRemote());
      const first = await commitFile(clone, 'worklogs/2026-01.jsonl', 'one\n', 'first');
      writeRepoFile(clone, 'worklogs/2026-01.jsonl', 'one\ntwo\n');
      writeRepoFile(clone, 'worklogs/2026-02.jsonl', 'three\n');
      writeRepoFile(clone, 'worklog-notes.txt', 'not in the folder\n');
      await git(clone, ['add', '--all']);
      await git(clone, ['commit', '--quiet', '-m', 'second']);
      const repo = await GitRepository.open(clone, options);
      const second = (await repo.headCommit())!;

      expect(await repo.readFileAt(first, 'worklogs/2026-01.jsonl')).to.equal('one\n');
      expect(await repo.readFileAt(first, 'worklogs/2026-02.jsonl')).to.equal(undefined);
      expect(await repo.listFilesAt(second, 'worklogs')).to.deep.equal(['worklogs/2026-01.jsonl', 'worklogs/2026-02.jsonl']);
      expect(await repo.listFilesAt(first, '')).to.deep.equal(['.gitattributes', 'worklogs/2026-01.jsonl']);
      expect(await repo.diffFiles(first, second, ['worklogs'])).to.deep.equal([
        { status: 'M', path: 'worklogs/2026-01.jsonl' },
        { status: 'A', path: 'worklogs/2026-02.jsonl' },
      ]);
      expect(await repo.diffFiles(undefined, first, ['worklogs'])).to.deep.equal([{ status: 'A', path: 'worklogs/2026-01.jsonl' }]);
      expect(await repo.readFilesAt(second, ['worklogs/2026-02.jsonl', 'worklogs/nope.jsonl', 'worklogs/2026-01.jsonl'])).to.deep.equal(
        new Map([['worklogs/2026-02.jsonl', 'three\n'], ['worklogs/nope.jsonl', undefined], ['worklogs/2026-01.jsonl', 'one\ntwo\n']]),
      );
      expect(await repo.readFilesAt(second, [])).to.deep.equal(new Map());
    });

    it('reports renames as a delete plus an add', async () => {
      const clone = await makeClone(await makeBareRemote());
      const before = await commitFile(clone, 'worklogs/a.jsonl', 'same content\n', 'a');
      await git(clone, ['mv', 'worklogs/a.jsonl', 'worklogs/b.jsonl']);
      await git(clone, ['commit', '--quiet', '-m', 'rename']);
      const repo = await GitRepository.open(clone, options);
      expect(await repo.diffFiles(before, 'HEAD', [])).to.deep.equal([
        { status: 'D', path: 'worklogs/a.jsonl' },
        { status: 'A', path: 'worklogs/b.jsonl' },
      ]);
    });

    it('unknown revisions are ValidationErrors, also option-like ones', async () => {
      const repo = await GitRepository.open(await makeClone(await makeBareRemote()), options);
      const attempts = [() => repo.readFileAt('nope', 'x'), () => repo.log('nope'), () => repo.isAncestor('HEAD', 'nope'), () => repo.log('--output=x')];
      for (const attempt of attempts) expect(await rejection(attempt())).to.be.instanceOf(ValidationError);
    });

    it('log by range and path, isAncestor and commitTime', async () => {
      const clone = await makeClone(await makeBareRemote());
      const base = (await git(clone, ['rev-parse', 'HEAD'])).trim();
      await commitFile(clone, 'worklogs/a.jsonl', 'a\n', '[tract] Log 2h to APP-1');
      const tip = await commitFile(clone, 'other.txt', 'o\n', 'other');
      const repo = await GitRepository.open(clone, options);
      expect((await repo.log(`${base}..HEAD`)).map((entry) => entry.subject)).to.deep.equal(['other', '[tract] Log 2h to APP-1']);
      expect((await repo.log('HEAD', { paths: ['worklogs'] })).map((entry) => entry.subject)).to.deep.equal(['[tract] Log 2h to APP-1']);
      expect(await repo.isAncestor(base, tip)).to.equal(true);
      expect(await repo.isAncestor(tip, base)).to.equal(false);
      const seconds = Number((await git(clone, ['log', '-1', '--format=%ct', tip])).trim());
      expect((await repo.commitTime(tip)).getTime()).to.equal(seconds * 1000);
    });
  });

  describe('remote state', () => {
    it('fetch returns the remote tip; remoteTip reads it later without the network', async () => {
      const remote = await makeBareRemote();
      const other = await makeClone(remote);
      const repo = await GitRepository.open(await makeClone(remote), options);
      const pushed = await commitFile(other, 'worklogs/a.jsonl', 'a\n', 'from other');
      await git(other, ['push', '--quiet', 'origin', 'main']);
      expect(await repo.remoteTip('origin', 'main')).to.not.equal(pushed);
      expect(await repo.fetch('origin', 'main')).to.equal(pushed);
      expect(await repo.remoteTip('origin', 'main')).to.equal(pushed);
      expect(await repo.remoteTip('origin', 'nope')).to.equal(undefined);
      const error = await rejection(repo.fetch('origin', 'nope'));
      expect(error).to.be.instanceOf(ValidationError);
    });

    it('resetHard moves the branch and the working tree', async () => {
      const clone = await makeClone(await makeBareRemote());
      const base = (await git(clone, ['rev-parse', 'HEAD'])).trim();
      await commitFile(clone, 'worklogs/a.jsonl', 'a\n', 'later');
      const repo = await GitRepository.open(clone, options);
      await repo.resetHard(base);
      expect(await repo.headCommit()).to.equal(base);
      expect(await repo.isClean()).to.equal(true);
      expect(() => statSync(join(clone, 'worklogs/a.jsonl'))).to.throw();
    });
  });

  describe('installHook', () => {
    it('writes an executable hook that git runs', async () => {
      const repo = await GitRepository.open(await makeClone(await makeBareRemote()), options);
      await repo.installHook('post-commit', '#!/bin/sh\necho ran > hook-ran.txt\n');
      expect(statSync(join(repo.dir, '.git/hooks/post-commit')).mode & 0o111).to.equal(0o111);
      await repo.commit('x', { allowEmpty: true });
      expect(readFileSync(join(repo.dir, 'hook-ran.txt'), 'utf8')).to.equal('ran\n');
    });

    it('respects core.hooksPath', async () => {
      const clone = await makeClone(await makeBareRemote());
      await git(clone, ['config', 'core.hooksPath', 'my-hooks']);
      const repo = await GitRepository.open(clone, options);
      await repo.installHook('reference-transaction', '#!/bin/sh\nexit 0\n');
      expect(statSync(join(clone, 'my-hooks/reference-transaction')).isFile()).to.equal(true);
    });
  });
});
