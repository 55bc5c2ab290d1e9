import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeBareRemote, makeClone, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { JOHN, TractSession, type TractRun, withoutIdLine } from './run-tract.ts';

async function repoState(dir: string): Promise<string> {
  return `${await git(dir, ['rev-parse', 'HEAD'])}${await git(dir, ['status', '--porcelain', '--untracked-files=all'])}`;
}

function expectOneLineError(result: TractRun, pattern: RegExp): void {
  expect(result.code, result.stdout + result.stderr).to.equal(2);
  expect(result.stdout).to.equal('');
  expect(result.stderr.split('\n').filter(Boolean)).to.have.lengthOf(1);
  expect(result.stderr).to.match(/^✗ /).and.to.match(pattern);
}

describe('tract CLI: bad input changes nothing', () => {
  let clone: string;
  let tract: TractSession;

  before(async () => {
    clone = await makeClone(await makeBareRemote(), JOHN);
    tract = new TractSession({ now: new Date('2026-02-12T10:00:00.000Z') });
    const init = await tract.run(clone, ['init', '--timezone', 'Europe/Berlin']);
    expect(init.code, init.stderr).to.equal(0);
  });
  after(removeTempDirs);

  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['log', 'APP-1234', '2h', '--bogus'], /unknown option '--bogus' \(see `tract log --help`\)/],
    ['an unknown command', ['lgo', 'APP-1234', '2h'], /unknown command 'lgo'/],
    ['a missing argument', ['log', 'APP-1234'], /missing required argument 'time'/],
    ['a lower-case issue key', ['log', 'app-1234', '2h'], /Invalid issue key "app-1234"/],
    ['an issue key without number', ['log', 'APP', '2h'], /Invalid issue key "APP"/],
    ['a zero duration', ['log', 'APP-1234', '0'], /duration/i],
    ['a zero-minute duration', ['log', 'APP-1234', '0m'], /duration/i],
    ['a negative duration', ['log', 'APP-1234', '-1h'], /Invalid duration "-1h"/],
    ['a sub-minute duration', ['log', 'APP-1234', '0.01h'], /duration/i],
    ['seconds', ['log', 'APP-1234', '30s'], /duration/i],
    ['garbage duration', ['log', 'APP-1234', 'abc'], /duration/i],
    ['an unparseable --started', ['log', 'APP-1234', '2h', '--started', 'next tuesday'], /start time/i],
    ['a started time in the DST gap', ['log', 'APP-1234', '2h', '--started', '2026-03-29 02:30'], /start time/i],
    ['a bad time zone flag', ['--timezone', 'Mars/Olympus', 'log', 'APP-1234', '2h'], /Mars\/Olympus/],
    ['a bad --sync-timeout', ['log', 'APP-1234', '2h', '--sync-timeout', 'soon'], /--sync-timeout/],
    ['a bad timesheet format', ['timesheet', '--format', 'xml'], /xml/],
    ['two periods', ['timesheet', '--date', 'today', '--month', '2026-02'], /one period/],
    ['an invalid ISO week', ['timesheet', '--week', '2025-W53'], /2025-W53/],
    ['edit without changes', ['edit', 'abcd1234'], /Nothing to change/],
    ['an unknown id', ['delete', 'abcd1234'], /No worklog with id "abcd1234"/],
    ['a too-short id', ['delete', 'abc'], /at least 4 characters/],
  ];

  for (const [what, args, pattern] of cases) {
    it(`${what}: one-line error, exit 2, HEAD and tree unchanged`, async () => {
      const before = await repoState(clone);
      expectOneLineError(await tract.run(clone, args), pattern);
      expect(await repoState(clone)).to.equal(before);
    });
  }

  it('a git repository without `tract init`', async () => {
    const plain = await makeClone(await makeBareRemote(), JOHN);
    const before = await repoState(plain);
    expectOneLineError(await tract.run(plain, ['log', 'APP-1234', '2h']), /run `tract init`/);
    expect(await repoState(plain)).to.equal(before);
  });

  it('a directory that is not a git repository', async () => {
    const dir = join(tempDir(), 'nothing');
    mkdirSync(dir);
    expectOneLineError(await tract.run(dir, ['log', 'APP-1234', '2h']), /not a git repository/);
  });

  it('no author anywhere: tells the user to run `tract init --author NAME`', async () => {
    const anonymous = await makeClone(await makeBareRemote(), { name: 'Nobody', email: '' });
    await git(anonymous, ['config', '--unset', 'user.email']).catch(() => '');
    expect((await tract.run(anonymous, ['init'])).code).to.equal(0);
    const before = await repoState(anonymous);
    expectOneLineError(await tract.run(anonymous, ['log', 'APP-1234', '2h']), /run `tract init --author NAME`/);
    expect(await repoState(anonymous)).to.equal(before);
  });

  it('a corrupt line elsewhere in the month file does not block logging; it is reported on stderr', async () => {
    const file = join(clone, 'worklogs', '2026-02.jsonl');
    const { writeFileSync, readFileSync } = await import('node:fs');
    writeFileSync(file, '{"issue":"APP-1","author":"x"\n');
    await git(clone, ['add', 'worklogs/2026-02.jsonl']);
    await git(clone, ['commit', '-qm', 'corrupt line']);
    const result = await tract.run(clone, ['log', 'APP-1234', '2h', 'Works anyway']);
    expect(result.code, result.stderr).to.equal(0);
    expect(withoutIdLine(result.stdout)).to.equal('✓ Logged 2h to APP-1234 (sync disabled)\n');
    expect(result.stderr).to.match(/worklogs\/2026-02\.jsonl:1:/);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).to.equal('{"issue":"APP-1","author":"x"');
    expect(JSON.parse(lines[1]!)).to.include({ issue: 'APP-1234', time: '2h', comment: 'Works anyway' });
  });

  it('a commit git refuses (a pre-commit hook): the files and the index are put back, one error line', async () => {
    const { chmodSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const hook = join(clone, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "commits are frozen" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const file = join(clone, 'worklogs', '2026-02.jsonl');
    const [before, text] = [await repoState(clone), readFileSync(file, 'utf8')];
    try {
      const result = await tract.run(clone, ['log', 'APP-1234', '1h', 'Refused']);
      expect(result.code).to.not.equal(0);
      expect(result.stdout).to.equal('');
      // The warning about the corrupt line above is written while git commits.
      const [warning, error, ...rest] = result.stderr.split('\n').filter(Boolean);
      expect(warning).to.match(/worklogs\/2026-02\.jsonl:1:/);
      expect(error).to.match(/^✗ .*commits are frozen/);
      expect(rest).to.deep.equal([]);
      expect(await repoState(clone)).to.equal(before);
      expect(readFileSync(file, 'utf8')).to.equal(text);
    } finally {
      rmSync(hook);
    }
  });
});
