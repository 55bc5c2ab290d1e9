import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitLog, makeBareRemote, makeClone, removeTempDirs } from '../../support/git-fixtures.ts';
import { JOHN, TractSession, withoutIdLine } from './run-tract.ts';

describe('tract log and timesheet: everyday polish', () => {
  let clone: string;
  let tract: TractSession;

  beforeEach(async () => {
    clone = await makeClone(await makeBareRemote(), JOHN);
    tract = new TractSession({ now: new Date('2026-02-12T17:00:00.000Z') });
    const init = await tract.run(clone, ['init', '--author', 'john.mcmullan', '--timezone', 'UTC']);
    expect(init.code, init.stderr).to.equal(0);
  });
  afterEach(() => removeTempDirs());

  it('prints a short id per log that tells two logs of the same minute apart, and edit takes it', async () => {
    const first = await tract.run(clone, ['log', 'APP-1', '1h', '--no-push']);
    tract.now = new Date('2026-02-12T17:00:30.000Z');
    const second = await tract.run(clone, ['log', 'APP-2', '1h', '--no-push']);
    const idOf = (stdout: string) => /\n {2}id ([0-9a-f]{8})\n$/.exec(stdout)?.[1] ?? '';
    expect(idOf(first.stdout)).to.not.equal(idOf(second.stdout));
    const edit = await tract.run(clone, ['edit', idOf(second.stdout), '--time', '3h', '--no-push']);
    expect(edit.code, edit.stderr).to.equal(0);
    expect((await gitLog(clone))[0]).to.equal('[tract] Edit worklog on APP-2 (1h → 3h)');
  });

  it('starts a worklog at now minus its duration when no start is given', async () => {
    tract.now = new Date('2026-02-12T17:00:00.000Z');
    await tract.run(clone, ['log', 'APP-1', '1.5h', '--no-push']);
    const list = await tract.run(clone, ['worklogs', 'APP-1', '--json']);
    expect((JSON.parse(list.stdout) as { worklogs: { started: string }[] }).worklogs[0]?.started).to.equal('2026-02-12T15:30:00.000+00:00');
  });

  it('refuses an entry over 24h and a start in the future unless --force, writing nothing', async () => {
    const commits = (await gitLog(clone)).length;
    const long = await tract.run(clone, ['log', 'APP-1', '25h']);
    expect(long.code).to.equal(2);
    expect(long.stderr).to.equal('✗ 25h in one worklog is over 24h: log each day on its own, or add --force if it is right\n');
    const future = await tract.run(clone, ['log', 'APP-1', '1h', '--started', '18:30']);
    expect(future.code).to.equal(2);
    expect(future.stderr).to.equal('✗ Start 2026-02-12 18:30 is in the future: check --started, or add --force if it is right\n');
    expect((await gitLog(clone)).length).to.equal(commits);
    const forced = await tract.run(clone, ['log', 'APP-1', '1h', '--started', '18:30', '--force', '--no-push']);
    expect(withoutIdLine(forced.stdout), forced.stderr).to.contain('✓ Logged 1h to APP-1');
  });

  it('shows a month one row per day, folds days without worklogs, and gives non-working days no target', async () => {
    writeFileSync(join(clone, '.tract', 'config.yaml'), 'author: john.mcmullan\ntimezone: UTC\nnonWorkingDays: Fri,Sat\n');
    for (const [day, time] of [['2026-02-02', '8h'], ['2026-02-02', '1h'], ['2026-02-06', '3h'], ['2026-02-10', '4h']] as const) {
      expect((await tract.run(clone, ['log', 'APP-1', time, '--started', `${day} 09:00`, '--no-push'])).code).to.equal(0);
    }
    tract.now = new Date('2026-02-10T18:00:00.000Z');
    const sheet = await tract.run(clone, ['timesheet', '--month', '2026-02']);
    const rows = sheet.stdout.split('\n').filter((line) => line.startsWith('│')).map((line) => line.split('│').map((cell) => cell.trim()).slice(1, -1));
    expect(rows).to.deep.equal([
      ['Date', 'Worklogs', 'Time', 'Status'],
      // 2026-02-01 is a Sunday: a working day here.
      ['2026-02-01', 'no worklogs', '0m', '⚠️ 8h under target (8h)'],
      ['2026-02-02', 'APP-1 9h', '9h', '✅ target 8h met (+1h)'],
      ['2026-02-03 – 05', 'no worklogs (3 days)', '0m', '⚠️ 24h under target (24h)'],
      ['2026-02-06', 'APP-1 3h', '3h', 'non-working day'],
      ['2026-02-08 – 09', 'no worklogs (2 days)', '0m', '⚠️ 16h under target (16h)'],
      ['2026-02-10', 'APP-1 4h', '4h', '⚠️ 4h under target (8h)'],
      ['Total', '', '16h', '⚠️ 48h under target (64h)'],
    ]);
  });
});
