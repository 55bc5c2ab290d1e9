import { renameSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { TractError, TransientError } from '../../../shared/core/tract-error.ts';
import { expectGitAndJiraAgree, syncUntilSettled } from '../../support/fault-assertions.ts';
import { git, removeTempDirs } from '../../support/git-fixtures.ts';
import { makeRecords, pushRecords, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { ToJiraHarness } from '../../support/to-jira-harness.ts';

describe('fault: the git remote unreachable, then back', function () {
  this.timeout(90_000);
  let h: ToJiraHarness;

  beforeEach(async () => {
    h = await startToJiraHarness();
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('a classified one-line error, nothing sent to Jira, the clone and state intact; then it syncs exactly once', async () => {
    const first = makeRecords(30);
    await pushRecords(h, first.slice(0, 10), { queued: true });
    await syncUntilSettled(h);
    await pushRecords(h, first.slice(10), { queued: true });
    const stateBefore = readFileSync(join(h.stateDir, 'state.json'), 'utf8');
    const headBefore = (await git(h.controllerCloneDir, ['rev-parse', 'HEAD'])).trim();

    renameSync(h.remote, `${h.remote}.away`);
    let failure: unknown;
    try {
      await h.sync();
    } catch (err) {
      failure = err;
    }
    renameSync(`${h.remote}.away`, h.remote);

    expect(failure, 'the pass fails').to.be.instanceOf(TractError);
    const error = failure as TractError;
    expect(error, 'retried later, not a spec problem').to.be.instanceOf(TransientError);
    expect(error.reason).to.equal('GitOperationFailed');
    expect(error.message).to.match(/remote unreachable.*check the network and the remote URL/);
    expect(error.message).to.not.include('\n');
    expect(error.message).to.match(/git fetch/);
    expect((await h.sim.state()).worklogs, 'Jira untouched while git is away').to.have.length(10);
    expect(readFileSync(join(h.stateDir, 'state.json'), 'utf8'), 'state.json unchanged').to.equal(stateBefore);
    expect((await git(h.controllerCloneDir, ['rev-parse', 'HEAD'])).trim(), 'clone untouched').to.equal(headBefore);
    await git(h.controllerCloneDir, ['fsck', '--no-progress']);

    await syncUntilSettled(h);
    await expectGitAndJiraAgree(h, first);
  });
});
