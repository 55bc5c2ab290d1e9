import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FakeSyncServer } from '../../support/fake-sync-server.ts';
import { git, gitLog, makeBareRemote, makeClone, removeTempDirs } from '../../support/git-fixtures.ts';
import { JOHN, TractSession, withoutIdLine } from './run-tract.ts';

const run = promisify(execFile);

describe('tract push and the push hook: the spec offline flow', () => {
  let server: FakeSyncServer;
  let remote: string;
  let clone: string;
  let tract: TractSession;

  beforeEach(async () => {
    server = await FakeSyncServer.start();
    remote = await makeBareRemote();
    clone = await makeClone(remote, JOHN);
    server.addRepo({ namespace: 'team-a', name: 'app', gitDir: remote });
    tract = new TractSession({ now: new Date('2026-02-12T10:00:00.000Z') });
    const init = await tract.run(clone, ['init', '--timezone', 'Europe/Berlin', '--sync-server', server.url, '--hooks']);
    expect(init.code, init.stderr).to.equal(0);
  });
  afterEach(async () => {
    await server.close();
    removeTempDirs();
  });

  async function logOffline(): Promise<void> {
    await server.down();
    for (const [issue, time] of [['APP-1234', '2h'], ['APP-1235', '1h']] as const) {
      const result = await tract.run(clone, ['log', issue, time, 'Work']);
      expect(withoutIdLine(result.stdout)).to.equal('⚠️ Sync server unreachable - worklog queued locally\n');
      expect(result.code).to.equal(0);
    }
    await server.up();
  }

  it('no connectivity at all: commits stay local, then `tract push` reports the synced queue', async () => {
    await git(clone, ['remote', 'set-url', 'origin', `${remote}-unreachable`]);
    await logOffline();
    await git(clone, ['remote', 'set-url', 'origin', remote]);
    expect(await gitLog(remote, 'main')).to.have.lengthOf(2);

    const push = await tract.run(clone, ['push']);
    expect(push.stdout, push.stderr).to.equal('✓ Synced 2 queued worklogs to Jira\n');
    expect(push.code).to.equal(0);
    expect((await gitLog(remote, 'main')).slice(0, 2)).to.deep.equal(['[tract] Log 1h to APP-1235', '[tract] Log 2h to APP-1234']);
  });

  it('the push failure of `tract log` is explained on stderr with how to push later', async () => {
    await git(clone, ['remote', 'set-url', 'origin', `${remote}-unreachable`]);
    const result = await tract.run(clone, ['log', 'APP-1234', '2h']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.match(/Push failed: .* the commit stays local; run `tract push` later/);
  });

  it('a plain `git push` prints the spec line through the reference-transaction hook', async () => {
    await logOfflineWithoutPush();
    const env = { ...tract.env(), PATH: process.env.PATH ?? '' };
    const { stdout, stderr } = await run('git', ['push', '--quiet', 'origin', 'main'], { cwd: clone, env });
    expect(stdout + stderr).to.contain('✓ Synced 2 queued worklogs to Jira');
  });

  it('each failed queue entry is reported; exit 2', async () => {
    server.failIssue('APP-1235');
    await logOfflineWithoutPush();
    const push = await tract.run(clone, ['push']);
    expect(push.stdout).to.equal('✓ Synced 1 queued worklog to Jira\n✗ Sync error: Issue APP-1235 not found in Jira\n');
    expect(push.code).to.equal(2);
  });

  it('nothing queued: says so', async () => {
    const logged = await tract.run(clone, ['log', 'APP-1234', '2h', '--no-push']);
    expect(withoutIdLine(logged.stdout)).to.equal('✓ Logged 2h to APP-1234 (committed locally; run `tract push` to sync it)\n');
    const push = await tract.run(clone, ['push']);
    expect(push.stdout).to.equal('✓ Pushed; nothing queued\n');
  });

  it('tract status shows queued entries and, once the server knows, their errors', async () => {
    server.failIssue('APP-1235');
    await logOfflineWithoutPush();
    await tract.run(clone, ['push']);
    const status = await tract.run(clone, ['status', '--json']);
    const report = JSON.parse(status.stdout) as { counts: Record<string, number>; queue: { issue: string; error: string | null }[] };
    expect(report.counts).to.deep.equal({ synced: 0, pending: 0, queued: 2, failed: 1 });
    expect(report.queue.map((q) => [q.issue, q.error])).to.deep.equal([
      ['APP-1234', null],
      ['APP-1235', 'Issue APP-1235 not found in Jira'],
    ]);
    const text = await tract.run(clone, ['status']);
    expect(text.stdout).to.contain('✗ Issue APP-1235 not found in Jira');
  });

  async function logOfflineWithoutPush(): Promise<void> {
    await server.down();
    for (const [issue, time] of [['APP-1234', '2h'], ['APP-1235', '1h']] as const) {
      const result = await tract.run(clone, ['log', issue, time, '--no-push']);
      expect(withoutIdLine(result.stdout)).to.equal('⚠️ Sync server unreachable - worklog queued locally\n');
    }
    await server.up();
  }

});
