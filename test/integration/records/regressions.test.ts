/**
 * Issue 12, cases 1–6, each as a team met it: the real CLI in clones of a bare remote, plain git, and
 * where the case needs them the controller's passes and the Jira simulator over HTTP.
 */
import { expect } from 'chai';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, removeTempDirs } from '../../support/git-fixtures.ts';
import { recordSetAt, repeatedIds, monthFilesAt, revParse } from './replicas.ts';
import { TeamWorld } from './team-world.ts';
import type { Developer } from './team-world.ts';

const FEB = 'worklogs/2026-02.jsonl';

/** The id of the live record with this comment at a developer's HEAD. */
async function idOf(developer: Developer, comment: string): Promise<string> {
  const line = (await recordSetAt(developer.dir, 'HEAD')).records.find((l) => l.record.comment === comment);
  if (line === undefined) throw new Error(`no live record "${comment}" in ${developer.name}`);
  return line.record.id;
}

async function liveOnRemote(w: TeamWorld): Promise<string[]> {
  return (await recordSetAt(w.h.remote, 'main')).records.map((l) => `${l.record.issue} ${l.record.time} ${l.record.comment ?? ''}`.trim());
}

async function tombstonesOnRemote(w: TeamWorld): Promise<string[]> {
  return (await recordSetAt(w.h.remote, 'main')).tombstones.map((l) => l.record.id);
}

const log = (issue: string, time: string, comment: string, day: number): string[] =>
  ['log', issue, time, comment, '--started', `2026-02-${String(day).padStart(2, '0')}T09:00:00+00:00`];

/** The Jira worklogs of the simulator as `issue seconds`, sorted. */
function jiraWorklogs(w: TeamWorld): string[] {
  return w.h.sim.control.state().worklogs.map((wl) => `${wl.issueKey} ${wl.timeSpentSeconds}s`).sort();
}

/** A pre-receive hook that, on the first push only, holds the branch's ref lock as a concurrent writer does. */
function raceNextPush(remote: string): void {
  const hook = join(remote, 'hooks', 'pre-receive');
  writeFileSync(hook, [
    '#!/bin/sh',
    'if [ -e "$GIT_DIR/raced" ]; then rm -f "$GIT_DIR/refs/heads/main.lock"; exit 0; fi',
    'touch "$GIT_DIR/raced" "$GIT_DIR/refs/heads/main.lock"',
    '',
  ].join('\n'));
  chmodSync(hook, 0o755);
}

describe('issue 12 regressions: a team\'s ordinary work converges', function () {
  this.timeout(60_000);
  let w: TeamWorld;

  afterEach(async () => {
    await w.close();
    removeTempDirs();
  });

  for (const driver of [false, true]) {
    it(`1. a delete survives a teammate's log and the CLI's rebase (${driver ? 'merge driver' : 'merge=union only'})`, async () => {
      w = await TeamWorld.start({ drivers: [driver, false] });
      const [a, b] = w.developers as [Developer, Developer];
      await w.tract(a, log('APP-1', '2h', 'first', 10));
      const id = await idOf(a, 'first');
      await w.pull(b);
      await w.tract(b, log('APP-2', '1h', 'second', 11));
      const deleted = await w.tract(a, ['delete', id]);
      expect(deleted.stdout).to.equal(`✓ Deleted worklog ${id} on APP-1 (2h)\n`);
      expect(await liveOnRemote(w)).to.deep.equal(['APP-2 1h second']);
      expect(await tombstonesOnRemote(w)).to.deep.equal([id]);
      await w.pull(b);
      expect(JSON.parse((await w.tract(b, ['worklogs', 'APP-1', '--json'])).stdout)).to.deep.include({ worklogs: [] });
    });
  }

  it('2. a Jira-side delete survives the next log of a developer who has not pulled', async () => {
    w = await TeamWorld.start({ drivers: [false] });
    const [dev] = w.developers as [Developer];
    await w.tract(dev, log('APP-5', '2h', 'synced', 10));
    const id = await idOf(dev, 'synced');
    await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
    await w.pull(dev);
    const [worklog] = w.h.sim.control.state().worklogs;
    await w.h.ui('sync').remove('APP-5', worklog!.id);
    await w.controllerStep('Jira → Tract (webhook)', async () => undefined);
    await w.tract(dev, log('APP-6', '1h', 'next', 11));
    expect(await liveOnRemote(w)).to.deep.equal(['APP-6 1h next']);
    expect(await tombstonesOnRemote(w)).to.deep.equal([id]);
    await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
    await w.controllerStep('feed reconciliation', () => w.h.reconcile());
    expect(jiraWorklogs(w)).to.deep.equal(['APP-6 3600s']);
    expect(await liveOnRemote(w)).to.deep.equal(['APP-6 1h next']);
  });

  it('3. a typo in a synced line deletes nothing in Jira or git, and fixing it brings the record back as it was', async () => {
    w = await TeamWorld.start({ drivers: [true] });
    const [dev] = w.developers as [Developer];
    await w.tract(dev, log('APP-5', '2h', 'synced', 10));
    await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
    await w.pull(dev);
    const [worklog] = w.h.sim.control.state().worklogs;
    const good = readFileSync(join(dev.dir, FEB), 'utf8');
    const typo = good.replace('"issue":"APP-5"', '"issue":APP-5"');
    writeFileSync(join(dev.dir, FEB), typo);
    await git(dev.dir, ['commit', '--quiet', '-am', 'Fix comment']);
    await w.pushUntilDone(dev);
    const pass = await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
    expect(pass.deleted, 'Jira deletes').to.equal(0);
    expect(pass.problems.map((p) => `${p.file}:${p.line}`)).to.deep.equal([`${FEB}:1`]);
    await w.controllerStep('feed reconciliation', () => w.h.reconcile());
    expect(w.h.sim.control.state().worklogs.map((wl) => wl.id)).to.deep.equal([worklog!.id]);
    expect(await git(w.h.remote, ['show', `main:${FEB}`]), 'the malformed line stays byte for byte').to.equal(typo);

    await w.pull(dev);
    writeFileSync(join(dev.dir, FEB), good);
    await git(dev.dir, ['commit', '--quiet', '-am', 'Fix the typo']);
    await w.pushUntilDone(dev);
    const fixed = await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
    expect(fixed).to.include({ created: 0, deleted: 0 });
    const [line] = (await recordSetAt(w.h.remote, 'main')).records;
    expect(line?.record.jira?.worklogId).to.equal(worklog!.id);
    expect(jiraWorklogs(w)).to.deep.equal(['APP-5 7200s']);
  });

  it('4. tract log refuses a month file with uncommitted edits and publishes nothing', async () => {
    w = await TeamWorld.start({ drivers: [true] });
    const [dev] = w.developers as [Developer];
    await w.tract(dev, log('APP-1', '2h', 'first', 10));
    const tip = await revParse(w.h.remote, 'main');
    const unfinished = readFileSync(join(dev.dir, FEB), 'utf8').replace('"time":"2h"', '"time":"3h').concat('{"issue":"APP-9",\n');
    writeFileSync(join(dev.dir, FEB), unfinished);
    const refused = await w.run(dev, log('APP-2', '1h', 'second', 11));
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.contain(`${FEB} has uncommitted changes`);
    expect(await revParse(w.h.remote, 'main'), 'the remote').to.equal(tip);
    expect(await revParse(dev.dir, 'HEAD'), 'no commit').to.equal(tip);
    expect(readFileSync(join(dev.dir, FEB), 'utf8'), 'the edits stay as they were').to.equal(unfinished);
  });

  it('5. two logs around the controller\'s link commit leave one line per record (merge driver from tract init)', async () => {
    w = await TeamWorld.start({ drivers: [true] });
    const [dev] = w.developers as [Developer];
    await w.tract(dev, log('APP-1', '2h', 'first', 10));
    await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
    await w.tract(dev, log('APP-2', '1h', 'second', 11));
    await w.tract(dev, log('APP-3', '30m', 'third', 12));
    const files = await monthFilesAt(w.h.remote, 'main');
    expect(repeatedIds(files)).to.deep.equal([]);
    expect(files.map((f) => f.text.split('\n').filter(Boolean).length)).to.deep.equal([3]);
    const set = await recordSetAt(w.h.remote, 'main');
    expect(set.records.map((l) => [l.record.issue, l.record.jira !== undefined])).to.deep.equal([['APP-1', true], ['APP-2', false], ['APP-3', false]]);
  });

  it('5. without the driver, the next Tract write of the file resolves the stale copy a union merge left', async () => {
    w = await TeamWorld.start({ drivers: [true, false] });
    const [, dev] = w.developers as [Developer, Developer];
    await w.tract(dev, log('APP-1', '2h', 'first', 10));
    await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
    await w.tract(dev, log('APP-2', '1h', 'second', 11));
    expect(JSON.parse((await w.tract(dev, ['worklogs', 'APP-1', '--json'])).stdout).worklogs).to.have.length(1);
    await w.pull(dev);
    await w.tract(dev, log('APP-3', '30m', 'third', 12));
    expect(repeatedIds(await monthFilesAt(w.h.remote, 'main'))).to.deep.equal([]);
    expect(await liveOnRemote(w)).to.deep.equal(['APP-1 2h first', 'APP-2 1h second', 'APP-3 30m third']);
  });

  it('6. a push that races another writer (failed to update ref) is retried by the CLI and lands', async () => {
    w = await TeamWorld.start({ drivers: [true] });
    const [dev] = w.developers as [Developer];
    raceNextPush(w.h.remote);
    const logged = await w.run(dev, log('APP-1', '2h', 'raced', 10));
    expect(logged.code, logged.stderr).to.equal(0);
    expect(logged.stdout.split('\n')[0]).to.equal('✓ Logged 2h to APP-1 (sync disabled)');
    expect(await liveOnRemote(w)).to.deep.equal(['APP-1 2h raced']);
  });

  it('6. the controller\'s write-back that races another writer is retried and lands', async () => {
    w = await TeamWorld.start({ drivers: [true] });
    const [dev] = w.developers as [Developer];
    await w.tract(dev, log('APP-1', '2h', 'synced', 10));
    raceNextPush(w.h.remote);
    const pass = await w.controllerStep('Tract → Jira pass', () => w.h.syncToJira());
    expect(pass.created).to.equal(1);
    expect(pass.writeBackCommit, 'the link commit').to.be.a('string');
    const [line] = (await recordSetAt(w.h.remote, 'main')).records;
    expect(line?.record.jira?.worklogId).to.equal(w.h.sim.control.state().worklogs[0]!.id);
  });
});
