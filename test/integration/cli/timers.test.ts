import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSyncServer } from '../../support/fake-sync-server.ts';
import { gitLog, makeBareRemote, makeClone, removeTempDirs } from '../../support/git-fixtures.ts';
import { runToEnd } from '../e2e-standalone/processes.ts';
import { JOHN, TractSession, withoutIdLine } from './run-tract.ts';

const TRACT_BIN = join(import.meta.dirname, '../../../bin/tract.js');

function monthLines(clone: string, month: string): Record<string, unknown>[] {
  const path = join(clone, 'worklogs', `${month}.jsonl`);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('tract start / stop / cancel: timers', () => {
  let server: FakeSyncServer;
  let remote: string;
  let clone: string;
  let tract: TractSession;

  beforeEach(async () => {
    server = await FakeSyncServer.start();
    remote = await makeBareRemote();
    clone = await makeClone(remote, JOHN);
    server.addRepo({ namespace: 'team-a', name: 'app', gitDir: remote });
    tract = new TractSession({ now: new Date('2026-02-12T22:30:00.000Z') });
    const init = await tract.run(clone, ['init', '--author', 'john.mcmullan', '--timezone', 'UTC', '--sync-server', server.url]);
    expect(init.code, init.stderr).to.equal(0);
  });
  afterEach(async () => {
    await server.close();
    removeTempDirs();
  });

  it('starts at --at before midnight, stops at --at after it, and logs the span like tract log', async () => {
    const start = await tract.run(clone, ['start', 'APP-1234', 'Night', 'shift', '--at', '22:15']);
    expect(start.stdout, start.stderr).to.equal('✓ Timer started on APP-1234 at 22:15\n');
    expect(existsSync(join(clone, '.git', 'tract', 'timer.json'))).to.equal(true);

    tract.now = new Date('2026-02-13T01:10:00.000Z');
    const status = await tract.run(clone, ['status']);
    expect(status.stdout).to.contain('⏱ Timer running on APP-1234 since 2026-02-12 22:15 (2h 55m)');

    tract.now = new Date('2026-02-13T01:20:00.000Z');
    const stop = await tract.run(clone, ['stop', '--at', '01:00']);
    expect(withoutIdLine(stop.stdout), stop.stderr).to.equal('✓ Logged 2.75h to APP-1234 (synced to Jira)\n');
    expect(monthLines(clone, '2026-02').map((r) => [r.issue, r.time, r.started, r.comment])).to.deep.equal([
      ['APP-1234', '2.75h', '2026-02-12T22:15:00.000+00:00', 'Night shift'],
    ]);
    expect((await gitLog(remote, 'main'))[0]).to.equal('[tract] Log 2.75h to APP-1234');
    expect(existsSync(join(clone, '.git', 'tract', 'timer.json'))).to.equal(false);
    const after = await tract.run(clone, ['status', '--json']);
    expect((JSON.parse(after.stdout) as { timer: unknown }).timer).to.equal(null);
  });

  it('refuses to stop a timer over the limit without an end, logs it with --at, and keeps it until then', async () => {
    tract.now = new Date('2026-02-12T08:00:00.000Z');
    expect((await tract.run(clone, ['start', 'APP-7'])).code).to.equal(0);
    tract.now = new Date('2026-02-12T19:30:00.000Z');
    const refused = await tract.run(clone, ['stop']);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.contain('✗ The timer on APP-7 has run 11.5h, over the 10h limit (timerLimit): give the end with `tract stop --at HH:MM`');
    expect(monthLines(clone, '2026-02')).to.deep.equal([]);

    tract.now = new Date('2026-02-12T19:30:00.000Z');
    const raised = await tract.run(clone, ['stop', '--no-wait'], { TRACT_TIMER_LIMIT: '12h' });
    expect(raised.code, raised.stderr).to.equal(0);
    expect(monthLines(clone, '2026-02').map((r) => [r.time, r.started])).to.deep.equal([['11.5h', '2026-02-12T08:00:00.000+00:00']]);

    tract.now = new Date('2026-02-12T08:00:00.000Z');
    await tract.run(clone, ['start', 'APP-8']);
    tract.now = new Date('2026-02-12T19:30:00.000Z');
    const ended = await tract.run(clone, ['stop', '--at', '17:00']);
    expect(withoutIdLine(ended.stdout), ended.stderr).to.equal('✓ Logged 9h to APP-8 (synced to Jira)\n');
  });

  it('keeps the timer across processes: started by one tract process, stopped by another; a second start is refused', async () => {
    const startedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 90 * 60_000);
    const child = await runToEnd(process.execPath, [TRACT_BIN, 'start', 'APP-9', 'Review', '--at', startedAt.toISOString()], { cwd: clone, env: tract.env() });
    expect(child.stdout, child.stderr).to.match(/^✓ Timer started on APP-9 at (\d{4}-\d\d-\d\d )?\d\d:\d\d\n$/);

    tract.now = new Date(startedAt.getTime() + 100 * 60_000);
    const second = await tract.run(clone, ['start', 'APP-10']);
    expect(second.code).to.equal(2);
    expect(second.stderr).to.match(/A timer is already running on APP-9 since (\d{4}-\d\d-\d\d )?\d\d:\d\d: `tract stop` logs it, `tract cancel` drops it/);

    const stop = await tract.run(clone, ['stop', '--at', new Date(startedAt.getTime() + 90 * 60_000).toISOString()]);
    expect(withoutIdLine(stop.stdout), stop.stderr).to.equal('✓ Logged 1.5h to APP-9 (synced to Jira)\n');
  });

  it('cancel drops the timer and logs nothing; stop without a timer says how to start one', async () => {
    await tract.run(clone, ['start', 'APP-3']);
    tract.now = new Date('2026-02-12T22:56:00.000Z');
    const commits = (await gitLog(clone)).length;
    const cancel = await tract.run(clone, ['cancel']);
    expect(cancel.stdout).to.equal('✓ Timer on APP-3 cancelled after 25m: nothing logged\n');
    expect((await gitLog(clone)).length).to.equal(commits);
    const stop = await tract.run(clone, ['stop']);
    expect(stop.code).to.equal(2);
    expect(stop.stderr).to.equal('✗ No timer is running: start one with `tract start ISSUE`\n');
  });
});
