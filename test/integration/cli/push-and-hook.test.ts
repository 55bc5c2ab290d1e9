/**
 * The offline flow of docs/cli.md (`tract log` queued, then `tract push` and the push hook), end to end against the real controller and the Jira simulator: worklogs queued
 * while the sync server (or all connectivity) was away, then `tract push` or a plain `git push` through the
 * hook `tract init` installs, with the exact lines docs/cli.md shows.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { git, gitLog, removeTempDirs } from '../../support/git-fixtures.ts';
import { eventually, startControllerHarness } from '../controller/controller-harness.ts';
import type { ControllerHarness } from '../controller/controller-harness.ts';
import { TractSession, withoutIdLine } from './run-tract.ts';

const run = promisify(execFile);
/** Nothing listens there: the sync server is down for the command that gets it. */
const SERVER_DOWN = { TRACT_SYNC_SERVER: 'http://127.0.0.1:9' };

describe('the offline flow against the real controller: tract push and the push hook', function () {
  this.timeout(60_000);
  let h: ControllerHarness;
  let tract: TractSession;

  beforeEach(async () => {
    h = await startControllerHarness();
    await eventually(async () => ((await h.fetchJson<{ ready: string }>('/api/v1/repos/default/app')).body.ready === 'True' ? true : undefined));
    await git(h.dev, ['remote', 'set-url', 'origin', `file://${h.remote}`]);
    tract = new TractSession({ now: new Date('2026-02-12T10:00:00.000Z') });
    const init = await tract.run(h.dev, ['init', '--author', 'john.mcmullan', '--timezone', 'Europe/Berlin', '--sync-server', h.url]);
    expect(init.code, init.stderr).to.equal(0);
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  async function logQueued(entries: readonly (readonly [string, string])[], args: readonly string[] = []): Promise<void> {
    for (const [issue, time] of entries) {
      const result = await tract.run(h.dev, ['log', issue, time, 'Work', ...args], SERVER_DOWN);
      expect(withoutIdLine(result.stdout), result.stderr).to.equal('⚠️ Sync server unreachable - worklog queued locally\n');
      expect(result.code).to.equal(0);
    }
  }

  function jiraIssues(): string[] {
    return h.sim.control.state().worklogs.map((w) => w.issueKey).sort();
  }

  it('queued while only the sync server was down (already pushed): `tract push` reports the queue on the remote tip', async () => {
    await logQueued([['APP-1234', '2h'], ['APP-1235', '1h']]);
    expect((await gitLog(h.remote, 'main')).slice(0, 2)).to.deep.equal(['[tract] Log 1h to APP-1235', '[tract] Log 2h to APP-1234']);
    const push = await tract.run(h.dev, ['push']);
    expect(push.stdout, push.stderr).to.equal('✓ Synced 2 queued worklogs to Jira\n');
    expect(push.code).to.equal(0);
    expect(jiraIssues()).to.deep.equal(['APP-1234', 'APP-1235']);
  });

  it('no connectivity at all: commits stay local, then `tract push` reports the synced queue', async () => {
    await git(h.dev, ['remote', 'set-url', 'origin', `${h.remote}-unreachable`]);
    await logQueued([['APP-1234', '2h'], ['APP-1235', '1h']]);
    await git(h.dev, ['remote', 'set-url', 'origin', `file://${h.remote}`]);
    const push = await tract.run(h.dev, ['push']);
    expect(push.stdout, push.stderr).to.equal('✓ Synced 2 queued worklogs to Jira\n');
    expect((await gitLog(h.remote, 'main')).slice(1, 3)).to.deep.equal(['[tract] Log 1h to APP-1235', '[tract] Log 2h to APP-1234']);
  });

  it('each refused queue entry is one `✗ Sync error:` line with Jira\'s reason; exit 2', async () => {
    await logQueued([['APP-1234', '2h'], ['APP-9999', '1h']], ['--no-push']);
    const push = await tract.run(h.dev, ['push']);
    expect(push.stdout).to.equal('✓ Synced 1 queued worklog to Jira\n✗ Sync error: Issue APP-9999 not found in Jira\n');
    expect(push.code).to.equal(2);
  });

  it('the server still down at `tract push`: a ⚠️ line says how many stay queued and why', async () => {
    await logQueued([['APP-1234', '2h'], ['APP-1235', '1h']]);
    const push = await tract.run(h.dev, ['push'], SERVER_DOWN);
    expect(push.stdout, push.stderr).to.equal('⚠️ Sync server unreachable - 2 queued worklogs stay queued\n');
    expect(push.code).to.equal(0);
  });

  it('nothing queued: says so', async () => {
    const logged = await tract.run(h.dev, ['log', 'APP-1234', '2h', '--no-push']);
    expect(withoutIdLine(logged.stdout)).to.equal('✓ Logged 2h to APP-1234 (committed locally; run `tract push` to sync it)\n');
    const push = await tract.run(h.dev, ['push']);
    expect(push.stdout).to.equal('✓ Pushed; nothing queued\n');
  });

  it('a plain `git push` reports, through the hook tract init installed, exactly the entries that push carried', async () => {
    expect(existsSync(join(h.dev, '.git', 'hooks', 'reference-transaction'))).to.equal(true);
    await logQueued([['APP-1234', '2h']]);
    await git(h.dev, ['remote', 'set-url', 'origin', `${h.remote}-unreachable`]);
    await logQueued([['APP-1235', '1h'], ['APP-1236', '30m']]);
    await git(h.dev, ['remote', 'set-url', 'origin', `file://${h.remote}`]);
    const env = { ...tract.env(), PATH: process.env.PATH ?? '' };
    const { stdout, stderr } = await run('git', ['push', '--quiet', 'origin', 'main'], { cwd: h.dev, env });
    expect(stdout + stderr).to.equal('✓ Synced 2 queued worklogs to Jira\n');
    expect(jiraIssues()).to.include.members(['APP-1235', 'APP-1236']);
  });

  it('`tract init --no-hooks` installs no hook', async () => {
    rmSync(join(h.dev, '.git', 'hooks', 'reference-transaction'));
    const init = await tract.run(h.dev, ['init', '--no-hooks']);
    expect(init.code, init.stderr).to.equal(0);
    expect(existsSync(join(h.dev, '.git', 'hooks', 'reference-transaction'))).to.equal(false);
  });
});
