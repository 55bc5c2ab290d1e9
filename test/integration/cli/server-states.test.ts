import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSyncServer } from '../../support/fake-sync-server.ts';
import { git, gitLog, makeBareRemote, makeClone, removeTempDirs } from '../../support/git-fixtures.ts';
import { JOHN, TractSession, withoutIdLine } from './run-tract.ts';

describe('tract log against the sync server states', () => {
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
    const init = await tract.run(clone, ['init', '--timezone', 'Europe/Berlin', '--sync-server', server.url]);
    expect(init.code, init.stderr).to.equal(0);
  });
  afterEach(async () => {
    await server.close();
    removeTempDirs();
  });

  it('up and synced: triggers the repo sync and confirms', async () => {
    const result = await tract.run(clone, ['log', 'APP-1234', '2h', 'Fixed bug']);
    expect(withoutIdLine(result.stdout)).to.equal('✓ Logged 2h to APP-1234 (synced to Jira)\n');
    expect(result.code).to.equal(0);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).to.include('POST /api/v1/repos/team-a/app/sync');
  });

  it('up and failed: the documented ✗ Sync error, exit 2, and the worklog stays committed and pushed', async () => {
    server.failIssue('APP-9999');
    const result = await tract.run(clone, ['log', 'APP-9999', '2h']);
    expect(withoutIdLine(result.stdout)).to.equal('✗ Sync error: Issue APP-9999 not found in Jira\n');
    expect(result.code).to.equal(2);
    expect((await gitLog(remote, 'main'))[0]).to.equal('[tract] Log 2h to APP-9999');
  });

  it('down: a queue entry committed with the worklog in one commit', async () => {
    await server.down();
    const result = await tract.run(clone, ['log', 'APP-1234', '2h']);
    expect(withoutIdLine(result.stdout)).to.equal('⚠️ Sync server unreachable - worklog queued locally\n');
    expect(result.code).to.equal(0);
    const files = (await git(clone, ['show', '--name-only', '--format=%s', 'HEAD'])).trim().split('\n');
    expect(files).to.deep.equal(['[tract] Log 2h to APP-1234', '', '.tract/queue/worklogs/2026-02-12-001.json', 'worklogs/2026-02.jsonl']);
    const entry = JSON.parse(await git(clone, ['show', 'HEAD:.tract/queue/worklogs/2026-02-12-001.json'])) as Record<string, unknown>;
    const line = JSON.parse((await git(clone, ['show', 'HEAD:worklogs/2026-02.jsonl'])).trim()) as { id: string };
    expect(entry).to.deep.equal({ version: 1, worklogId: line.id, file: 'worklogs/2026-02.jsonl', queuedAt: '2026-02-12T10:01:00.000Z', reason: 'sync server unreachable' });
  });

  it('a health answer that never comes: the check gives up on its own bound, treated as unreachable and queued', async () => {
    server.setDelay(Number.POSITIVE_INFINITY);
    const result = await tract.run(clone, ['log', 'APP-1234', '2h']);
    expect(withoutIdLine(result.stdout)).to.equal('⚠️ Sync server unreachable - worklog queued locally\n');
    expect(result.code).to.equal(0);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /health']);
  });

  it('no confirmation in time: says so plainly and exits 0', async () => {
    server.setMode('hold');
    const result = await tract.run(clone, ['log', 'APP-1234', '2h', '--sync-timeout', '1']);
    expect(result.code).to.equal(0);
    expect(withoutIdLine(result.stdout)).to.equal(
      '✓ Logged 2h to APP-1234 (pushed; sync not confirmed within 1s - the worklog is safe in git, see `tract status`)\n',
    );
  });

  it('sync.enabled: false wins over a configured server: no request is made', async () => {
    writeFileSync(join(clone, '.tract', 'config.yaml'), `sync:\n  enabled: false\n  server: ${server.url}\ntimezone: Europe/Berlin\n`);
    await git(clone, ['commit', '-qam', 'disable sync']);
    const before = server.requests.length;
    const result = await tract.run(clone, ['log', 'APP-1234', '2h'], { TRACT_SYNC_SERVER: server.url });
    expect(withoutIdLine(result.stdout)).to.equal('✓ Logged 2h to APP-1234 (sync disabled)\n');
    expect(server.requests.length).to.equal(before);
  });

  it('TRACT_SYNC_SERVER beats .tract/config.yaml (docs/cli.md precedence)', async () => {
    writeFileSync(join(clone, '.tract', 'config.yaml'), 'sync:\n  enabled: true\n  server: http://127.0.0.1:9\ntimezone: Europe/Berlin\n');
    await git(clone, ['commit', '-qam', 'dead server in repo config']);
    const result = await tract.run(clone, ['log', 'APP-1234', '2h'], { TRACT_SYNC_SERVER: server.url });
    expect(withoutIdLine(result.stdout)).to.equal('✓ Logged 2h to APP-1234 (synced to Jira)\n');
    const flagged = await tract.run(clone, ['--sync-server', 'http://127.0.0.1:9', 'log', 'APP-1234', '1h'], { TRACT_SYNC_SERVER: server.url });
    expect(withoutIdLine(flagged.stdout)).to.equal('⚠️ Sync server unreachable - worklog queued locally\n');
  });

  it('an API token from the user config reaches the server; a wrong one is an auth error (exit 3)', async () => {
    const secured = await FakeSyncServer.start({ token: 's3cret' });
    secured.addRepo({ namespace: 'team-a', name: 'app', gitDir: remote });
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(tract.home, '.config', 'tract'), { recursive: true });
      writeFileSync(join(tract.home, '.config', 'tract', 'config.yaml'), 'sync:\n  token: s3cret\n');
      const ok = await tract.run(clone, ['log', 'APP-1234', '2h'], { TRACT_SYNC_SERVER: secured.url });
      expect(withoutIdLine(ok.stdout), ok.stderr).to.equal('✓ Logged 2h to APP-1234 (synced to Jira)\n');
      const denied = await tract.run(clone, ['log', 'APP-1234', '1h'], { TRACT_SYNC_SERVER: secured.url, TRACT_SYNC_TOKEN: 'wrong' });
      expect(denied.code).to.equal(3);
      expect(denied.stderr).to.contain('TRACT_SYNC_TOKEN').and.not.to.contain('wrong');
    } finally {
      await secured.close();
    }
  });

  it('no server configured: logged with sync disabled', async () => {
    writeFileSync(join(clone, '.tract', 'config.yaml'), 'timezone: Europe/Berlin\n');
    await git(clone, ['commit', '-qam', 'no server']);
    const result = await tract.run(clone, ['log', 'APP-1234', '2h']);
    expect(withoutIdLine(result.stdout)).to.equal('✓ Logged 2h to APP-1234 (sync disabled)\n');
  });
});
