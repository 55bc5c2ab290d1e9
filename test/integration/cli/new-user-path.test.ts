import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSyncServer } from '../../support/fake-sync-server.ts';
import { git, gitLog, makeBareRemote, makeClone, removeTempDirs } from '../../support/git-fixtures.ts';
import { JOHN, TractSession, withoutIdLine } from './run-tract.ts';

describe('tract CLI: the path a new user takes', () => {
  let server: FakeSyncServer;

  beforeEach(async () => {
    server = await FakeSyncServer.start();
  });
  afterEach(async () => {
    await server.close();
    removeTempDirs();
  });

  it('init, three logs (one while the server is down), worklogs, timesheet JSON, edit, delete', async () => {
    const remote = await makeBareRemote();
    const clone = await makeClone(remote, JOHN);
    server.addRepo({ namespace: 'team-a', name: 'app', gitDir: remote });
    const tract = new TractSession({ now: new Date('2026-02-12T08:00:00.000Z') });

    const init = await tract.run(clone, ['init', '--author', 'john.mcmullan', '--timezone', 'Europe/Berlin', '--sync-server', server.url]);
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.contain(`✓ Initialised tract in ${clone}`);
    expect(readFileSync(join(clone, '.gitattributes'), 'utf8')).to.equal('worklogs/*.jsonl merge=union\n');

    const first = await tract.run(clone, ['log', 'APP-1234', '2h', 'Fixed bug']);
    expect(withoutIdLine(first.stdout), first.stderr).to.equal('✓ Logged 2h to APP-1234 (synced to Jira)\n');
    expect(first.code).to.equal(0);

    await server.down();
    const second = await tract.run(clone, ['log', 'APP-1235', '1h', 'More work']);
    expect(withoutIdLine(second.stdout), second.stderr).to.equal('⚠️ Sync server unreachable - worklog queued locally\n');
    expect(second.code).to.equal(0);
    const queued = await git(remote, ['ls-tree', '-r', '--name-only', 'main', '.tract/queue/worklogs']);
    expect(queued.trim()).to.equal('.tract/queue/worklogs/2026-02-12-001.json');

    await server.up();
    const third = await tract.run(clone, ['log', 'APP-1234', '90m', 'Code review', '--author', 'sarah.chen']);
    expect(withoutIdLine(third.stdout), third.stderr).to.equal('✓ Logged 1.5h to APP-1234 (synced to Jira)\n');

    const list = await tract.run(clone, ['worklogs', 'APP-1234', '--json']);
    const worklogs = (JSON.parse(list.stdout) as { worklogs: { id: string; author: string; time: string }[] }).worklogs;
    expect(worklogs.map((w) => [w.author, w.time])).to.deep.equal([
      ['john.mcmullan', '2h'],
      ['sarah.chen', '1.5h'],
    ]);
    const table = await tract.run(clone, ['worklogs', 'APP-1234']);
    expect(table.stdout).to.contain('john.mcmullan').and.to.contain('sarah.chen').and.to.contain('┌');

    const sheet = await tract.run(clone, ['timesheet', '--date', '2026-02-12', '--format', 'json']);
    const day = JSON.parse(sheet.stdout) as Record<string, unknown> & { entries: Record<string, unknown>[] };
    expect(day).to.include({ author: 'john.mcmullan', date: '2026-02-12', total: '3h', totalSeconds: 10800, target: '8h', status: 'under', deficit: '5h' });
    expect(day.entries.map((e) => [e.issue, e.time, e.timeSeconds, e.comment])).to.deep.equal([
      ['APP-1234', '2h', 7200, 'Fixed bug'],
      ['APP-1235', '1h', 3600, 'More work'],
    ]);
    // Logged at 09:01 local without --started: the 2h ended then (now minus the duration).
    expect(day.entries[0]?.started).to.equal('2026-02-12T07:01:00.000+01:00');

    const edit = await tract.run(clone, ['edit', worklogs[0]!.id, '--time', '3h']);
    expect(edit.code, edit.stderr).to.equal(0);
    expect(edit.stdout).to.contain('✓ Edited worklog');

    const queuedEntry = JSON.parse(await git(remote, ['show', 'main:.tract/queue/worklogs/2026-02-12-001.json'])) as { worklogId: string };
    const del = await tract.run(clone, ['delete', queuedEntry.worklogId]);
    expect(del.code, del.stderr).to.equal(0);

    expect(await gitLog(remote, 'main')).to.deep.equal([
      '[tract] Delete worklog on APP-1235 (1h)',
      '[tract] Edit worklog on APP-1234 (2h → 3h)',
      '[tract] Log 1.5h to APP-1234',
      '[tract] Log 1h to APP-1235',
      '[tract] Log 2h to APP-1234',
      '[tract] Initialise tract',
      'Initial commit',
    ]);
    const after = await tract.run(clone, ['timesheet', '--date', '2026-02-12', '--json']);
    expect(JSON.parse(after.stdout)).to.include({ total: '3h', status: 'under' });
  });
});
