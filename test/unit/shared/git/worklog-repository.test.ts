import { expect } from 'chai';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeQueueEntry, QUEUE_DIR, type QueueEntry } from '../../../../shared/core/queue-entry.ts';
import { encodeWorklogRecord } from '../../../../shared/core/encode-worklog-record.ts';
import { DEFAULT_DURATION_UNITS } from '../../../../shared/core/parse-duration.ts';
import type { WorklogRecord } from '../../../../shared/core/worklog-record.ts';
import { GitRepository } from '../../../../shared/git/git-repository.ts';
import { WorklogRepository, type WorklogChange } from '../../../../shared/git/worklog-repository.ts';
import { ASYNCHRONOUS_WORKTREE, SYNCHRONOUS_WORKTREE, type WorktreeFiles } from '../../../../shared/git/worktree-files.ts';
import { git, gitLog, gitTestEnv, makeBareRemote, makeClone, removeTempDirs, TRACT_GITATTRIBUTES, writeRepoFile } from '../../../support/git-fixtures.ts';
import { rejection } from '../../../support/rejection.ts';

const FEB = 'worklogs/2026-02.jsonl';
const MAR = 'worklogs/2026-03.jsonl';
const A = '0199a000-0000-7000-8000-00000000000a';
const B = '0199a000-0000-7000-8000-00000000000b';
const C = '0199a000-0000-7000-8000-00000000000c';
const QUEUED = `${QUEUE_DIR}/2026-02-14-001.json`;

const rec = (id: string, overrides: Partial<WorklogRecord> = {}): WorklogRecord => ({ id, issue: 'APP-1', author: 'john', time: '2h', started: '2026-02-14T09:00:00.000+01:00', ...overrides });
const line = (record: WorklogRecord): string => `${encodeWorklogRecord(record)}\n`;
const entry = (worklogId: string): QueueEntry => ({ version: 1, worklogId, file: FEB, queuedAt: '2026-02-14T10:00:00.000Z', reason: 'sync server unreachable' });
const LOG = { kind: 'log', issue: 'APP-1', time: '2h' } as const;

async function clone(files: Record<string, string>, worktree: WorktreeFiles = ASYNCHRONOUS_WORKTREE): Promise<{ dir: string; remote: string; worklogs: WorklogRepository }> {
  const remote = await makeBareRemote({ files: { '.gitattributes': TRACT_GITATTRIBUTES, ...files } });
  const dir = await makeClone(remote);
  return { dir, remote, worklogs: await open(dir, worktree) };
}

async function open(dir: string, files: WorktreeFiles = ASYNCHRONOUS_WORKTREE): Promise<WorklogRepository> {
  const repo = await GitRepository.open(dir, { env: gitTestEnv(), pushBackoff: { baseMs: 1, maxMs: 5 } });
  return new WorklogRepository(repo, { worklogDir: 'worklogs', units: DEFAULT_DURATION_UNITS, files });
}

const show = (dir: string, path: string, ref = 'HEAD'): Promise<string> => git(dir, ['show', `${ref}:${path}`]);
const head = async (dir: string): Promise<string> => (await git(dir, ['rev-parse', 'HEAD'])).trim();

describe('WorklogRepository (real git)', () => {
  afterEach(removeTempDirs);

  describe('reads', () => {
    it('a commit: the month files only, records by the resolution rule, problems, the queue oldest first', async () => {
      const { dir, worklogs } = await clone({
        [MAR]: line(rec(B, { started: '2026-03-02T09:00:00.000+01:00' })),
        [FEB]: `${line(rec(A))}not json\n${line(rec(A, { time: '3h', updated: '2026-02-15T10:00:00.000Z' }))}`,
        'worklogs/notes.jsonl': line(rec(C)),
        [`${QUEUE_DIR}/2026-02-14-010.json`]: encodeQueueEntry(entry(A)),
        [`${QUEUE_DIR}/2026-02-14-002.json`]: encodeQueueEntry(entry(B)),
        [`${QUEUE_DIR}/2026-02-14-003.json`]: '{',
      });
      const snapshot = await worklogs.readCommit(await head(dir));
      expect(snapshot.commit).to.equal(await head(dir));
      expect(snapshot.files.map((file) => file.path)).to.deep.equal([FEB, MAR]);
      expect(snapshot.records.records.map((l) => [l.record.id, l.record.time])).to.deep.equal([[A, '3h'], [B, '2h']]);
      expect(snapshot.records.superseded).to.have.length(1);
      expect(snapshot.problems.map((p) => `${p.file}:${p.line}`)).to.deep.equal([`${FEB}:2`, `${QUEUE_DIR}/2026-02-14-003.json:1`]);
      expect(snapshot.queue.map((q) => [q.path, q.entry.worklogId])).to.deep.equal([[`${QUEUE_DIR}/2026-02-14-002.json`, B], [`${QUEUE_DIR}/2026-02-14-010.json`, A]]);
      const some = await worklogs.readCommitFiles(await head(dir), [FEB, 'worklogs/2026-04.jsonl']);
      expect(some.files.map((file) => [file.path, file.text === ''])).to.deep.equal([[FEB, false], ['worklogs/2026-04.jsonl', true]]);
      expect(some.records.records.map((l) => [l.record.id, l.record.time])).to.deep.equal([[A, '3h']]);
    });

    it('the working tree, uncommitted lines included, narrowed by `select` before decoding; its queue with problems', async () => {
      const { dir, worklogs } = await clone({ [FEB]: line(rec(A)) }, SYNCHRONOUS_WORKTREE);
      writeRepoFile(dir, FEB, line(rec(A)) + line(rec(B)));
      writeRepoFile(dir, QUEUED, encodeQueueEntry(entry(B)));
      writeRepoFile(dir, `${QUEUE_DIR}/2026-02-13-001.json`, 'nope');
      expect((await worklogs.readWorkingTree()).records.records.map((l) => l.record.id)).to.deep.equal([A, B]);
      const narrowed = await worklogs.readWorkingTree((texts) => texts.map(({ path, text }) => ({ path, text: text.slice(0, text.indexOf('\n') + 1) })));
      expect(narrowed.records.records.map((l) => l.record.id)).to.deep.equal([A]);
      const queue = await worklogs.readWorkingQueue();
      expect(queue.map((q) => [q.path, q.entry?.worklogId, q.problem === undefined])).to.deep.equal([
        [`${QUEUE_DIR}/2026-02-13-001.json`, undefined, false],
        [QUEUED, B, true],
      ]);
      expect(await worklogs.readWorkingFile('worklogs/2026-04.jsonl')).to.equal('');
    });
  });

  describe('commits', () => {
    for (const [name, files] of [['asynchronous', ASYNCHRONOUS_WORKTREE], ['synchronous (the CLI)', SYNCHRONOUS_WORKTREE]] as const) {
      it(`a new record and its queue entry, with the subject from commit-subjects, only those paths (${name} files)`, async () => {
        const { dir, worklogs } = await clone({ [FEB]: line(rec(A)), 'README.md': 'a\n' }, files);
        writeRepoFile(dir, 'README.md', 'staged\n');
        await git(dir, ['add', 'README.md']);
        let ran = 0;
        const change: WorklogChange = { base: [{ path: FEB, text: await worklogs.readWorkingFile(FEB) }], puts: [rec(B)], enqueue: [{ path: QUEUED, entry: entry(B) }], description: LOG };
        const sha = await worklogs.commit(change, { whileGitRuns: () => void (ran += 1) });
        expect(sha).to.equal(await head(dir));
        expect((await gitLog(dir))[0]).to.equal('[tract] Log 2h to APP-1');
        expect(await show(dir, FEB)).to.equal(line(rec(A)) + line(rec(B)));
        expect(await show(dir, QUEUED)).to.equal(encodeQueueEntry(entry(B)));
        expect(await git(dir, ['diff', '--cached', '--name-only'])).to.equal('README.md\n');
        expect(ran).to.equal(1);
      });
    }

    it('a record moved to another month: the new file is added, the emptied one stays; as the given author', async () => {
      const { dir, worklogs } = await clone({ [FEB]: line(rec(A)) });
      const snapshot = await worklogs.readCommit(await head(dir));
      const moved = rec(A, { started: '2026-03-02T09:00:00.000+01:00', updated: '2026-03-02T10:00:00.000Z' });
      const description = { kind: 'edit', issue: { before: 'APP-1', after: 'APP-1' }, time: { before: '2h', after: '2h' } } as const;
      await worklogs.commit({ base: snapshot.files, puts: [moved], description }, { author: { name: 'Tract Sync', email: 'sync@example.com' } });
      expect(await show(dir, FEB)).to.equal('');
      expect(await show(dir, MAR)).to.equal(line(moved));
      expect((await git(dir, ['log', '-1', '--format=%an <%ae>|%cn|%s'])).trim()).to.equal('Tract Sync <sync@example.com>|Tract Sync|[tract] Edit worklog on APP-1 (2h)');
    });

    it('a tombstone and the removal of its queue file in one commit, the only git process (work done while it runs)', async () => {
      const { dir, worklogs } = await clone({ [FEB]: line(rec(A)), [QUEUED]: encodeQueueEntry(entry(A)) });
      const snapshot = await worklogs.readWorkingTree();
      const tombstone = rec(A, { updated: '2026-02-16T10:00:00.000Z', deleted: '2026-02-16T10:00:00.000Z' });
      let ran = 0;
      const change: WorklogChange = { base: snapshot.files, puts: [tombstone], dequeue: [QUEUED], description: { kind: 'delete', issue: 'APP-1', time: '2h' } };
      await worklogs.commit(change, { whileGitRuns: () => void (ran += 1) });
      expect(ran).to.equal(1);
      expect((await gitLog(dir))[0]).to.equal('[tract] Delete worklog on APP-1 (2h)');
      expect(await show(dir, FEB)).to.equal(line(tombstone));
      expect(await git(dir, ['ls-tree', '-r', '--name-only', 'HEAD', QUEUE_DIR])).to.equal('');
    });

    it('lines replaced outright when told to (the demo unlink): the link the join would keep is gone', async () => {
      const linked = rec(A, { jira: { worklogId: '7', issueId: '10', syncedAt: '2026-02-14T11:00:00.000Z' } });
      const { dir, worklogs } = await clone({ [FEB]: line(linked) });
      const snapshot = await worklogs.readCommit(await head(dir));
      await worklogs.commit({ base: snapshot.files, rewrite: new Map([[FEB, new Map([[A, rec(A)]])]]), description: { kind: 'demo-unlink', count: 1 } });
      expect(await show(dir, FEB)).to.equal(line(rec(A)));
      expect((await gitLog(dir))[0]).to.equal('[tract] Unlink 1 worklogs from the previous demo Jira');
    });

    it('nothing when the change writes nothing', async () => {
      const { dir, worklogs } = await clone({ [FEB]: line(rec(A)) });
      const before = await head(dir);
      expect(worklogs.plan({ base: [{ path: FEB, text: line(rec(A)) }], puts: [rec(A)], description: LOG })).to.deep.equal({ files: new Map(), message: undefined });
      expect(await worklogs.commit({ base: [{ path: FEB, text: line(rec(A)) }], puts: [rec(A)], description: LOG })).to.equal(undefined);
      expect(await head(dir)).to.equal(before);
    });

    it('puts the files and the index back when the commit fails', async () => {
      const { dir, worklogs } = await clone({ [FEB]: line(rec(A)) });
      writeRepoFile(dir, '.git/hooks/pre-commit', '#!/bin/sh\nexit 1\n');
      chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
      const change: WorklogChange = { base: [{ path: FEB, text: line(rec(A)) }], puts: [rec(B)], enqueue: [{ path: QUEUED, entry: entry(B) }], description: LOG };
      await rejection(worklogs.commit(change));
      expect(readFileSync(join(dir, FEB), 'utf8')).to.equal(line(rec(A)));
      expect(existsSync(join(dir, QUEUED))).to.equal(false);
      expect(await git(dir, ['status', '--porcelain', '--untracked-files=all'])).to.equal('');
    });

    it("set-up files once ('[tract] Initialise tract'), then nothing while they are unchanged", async () => {
      const { dir, worklogs } = await clone({});
      writeRepoFile(dir, '.tract/config.yaml', 'sync:\n  enabled: true\n');
      writeRepoFile(dir, 'worklogs/.gitkeep', '');
      const paths = ['.tract/config.yaml', 'worklogs/.gitkeep', '.gitattributes'];
      expect(await worklogs.commitPathsIfChanged(paths, { kind: 'init' })).to.equal(await head(dir));
      expect(await gitLog(dir)).to.deep.equal(['[tract] Initialise tract', 'Initial commit']);
      expect(await worklogs.commitPathsIfChanged(paths, { kind: 'init' })).to.equal(undefined);
      expect(await gitLog(dir)).to.have.length(2);
    });
  });

  describe('pushes', () => {
    it('by the rebase policy: a rejected push is rebased (the month file union-merged) and retried, within the attempts given', async () => {
      const { remote, worklogs: one } = await clone({ [FEB]: line(rec(A)) });
      const two = await open(await makeClone(remote));
      const base = [{ path: FEB, text: line(rec(A)) }];
      await one.commit({ base, puts: [rec(B)], description: LOG });
      await one.push('origin', 'main', { strategy: 'rebase' });
      await two.commit({ base, puts: [rec(C)], description: LOG });
      expect((await rejection(two.push('origin', 'main', { strategy: 'rebase' }, 1))).reason).to.equal('PushRejected');
      const pushed = await two.push('origin', 'main', { strategy: 'rebase' });
      expect(pushed.attempts).to.equal(2);
      expect(await show(remote, FEB, 'main')).to.equal(line(rec(A)) + line(rec(B)) + line(rec(C)));
      expect((await git(remote, ['rev-parse', 'main'])).trim()).to.equal(pushed.commit);
    });
  });
});
