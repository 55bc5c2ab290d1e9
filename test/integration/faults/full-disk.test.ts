import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TransientError } from '../../../shared/core/tract-error.ts';
import { expectGitAndJiraAgree } from '../../support/fault-assertions.ts';
import { mountSmallDisk } from '../../support/fault-disk.ts';
import type { SmallDisk } from '../../support/fault-disk.ts';
import { removeTempDirs } from '../../support/git-fixtures.ts';
import { makeRecords, pushRecords, REPO_KEY, runSyncPass, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { SyncPaths, ToJiraHarness } from '../../support/to-jira-harness.ts';
import { RepoStateStore } from '../../../controller/state/repo-state-store.ts';
import type { ToJiraResult } from '../../../controller/to-jira/sync-repo-to-jira.ts';

describe('fault: the disk under the state directory is full', function () {
  this.timeout(90_000);
  let h: ToJiraHarness;
  let disk: SmallDisk;
  let paths: SyncPaths;
  const pass = (): Promise<ToJiraResult> => runSyncPass(paths, h.site);

  beforeEach(async () => {
    h = await startToJiraHarness();
    disk = mountSmallDisk(256);
    paths = { simUrl: h.sim.url, stateDir: join(disk.dir, REPO_KEY), controllerCloneDir: h.controllerCloneDir };
  });
  afterEach(async () => {
    disk.unmount();
    await h.close();
    removeTempDirs();
  });

  it('a clear "disk is full" error, state.json intact, nothing sent unjournaled; then recovery, exactly once', async () => {
    const records = makeRecords(40);
    await pushRecords(h, records.slice(0, 20), { queued: true });
    expect((await pass()).created).to.equal(20);
    const statePath = join(paths.stateDir, 'state.json');
    const stateBefore = readFileSync(statePath, 'utf8');

    await pushRecords(h, records.slice(20), { queued: true });
    expect(disk.fill(), 'bytes of filler').to.be.above(0);
    let failure: unknown;
    try {
      await pass();
    } catch (err) {
      failure = err;
    }
    expect(failure, 'the pass fails').to.be.instanceOf(TransientError);
    const error = failure as TransientError;
    expect(error.reason).to.equal('StateStorageFailed');
    expect(error.message).to.match(/the disk is full — free space under the state directory/);
    expect(error.message).to.not.include('\n');
    expect(readFileSync(statePath, 'utf8'), 'state.json unchanged').to.equal(stateBefore);
    expect(() => JSON.parse(stateBefore) as unknown).to.not.throw();
    // No create goes out unless its intent is on disk: Jira still has the first 20 only.
    expect((await h.sim.state()).worklogs, 'Jira while the disk is full').to.have.length(20);

    disk.free();
    // Whatever the full disk cut short in the intent journal must not swallow the next intent.
    const store = new RepoStateStore(paths.stateDir);
    await store.recordIntents(['probe-after-enospc']);
    expect([...(await store.loadIntents())], 'intents readable after the disk is freed').to.include('probe-after-enospc');
    await store.clearIntents();
    for (let i = 0; i < 6; i += 1) {
      const result = await pass();
      if (result.pending === 0 && result.plan.create + result.plan.update + result.plan.remove === 0) break;
    }
    await expectGitAndJiraAgree(h, records);
    expect(() => JSON.parse(readFileSync(statePath, 'utf8')) as unknown).to.not.throw();
  });
  it('an intent append cut short by the full disk does not swallow the next intent', async () => {
    const store = new RepoStateStore(paths.stateDir);
    await store.recordIntents(['first']);
    disk.fill();
    const many = Array.from({ length: 500 }, (_, i) => `0199a000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    let failed = false;
    await store.recordIntents(many).catch(() => { failed = true; });
    expect(failed, 'the append hit ENOSPC').to.equal(true);
    disk.free();
    await store.recordIntents(['after']);
    const intents = await store.loadIntents();
    expect(intents.has('first'), 'earlier intent').to.equal(true);
    expect(intents.has('after'), 'the intent written once space is back').to.equal(true);
  });
});
