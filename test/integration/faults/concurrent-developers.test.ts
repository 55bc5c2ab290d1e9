import { expect } from 'chai';
import { encodeWorklogRecord } from '../../../shared/core/encode-worklog-record.ts';
import type { WorklogRecord } from '../../../shared/core/worklog-record.ts';
import { expectGitAndJiraAgree, FEBRUARY, syncUntilSettled } from '../../support/fault-assertions.ts';
import { git, makeClone, removeTempDirs, writeRepoFile } from '../../support/git-fixtures.ts';
import { makeRecords, pushRecords, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { ToJiraHarness } from '../../support/to-jira-harness.ts';

const DEVELOPERS = 3;
const COMMITS = 6;
const PER_COMMIT = 3;

/** Records of developer `d`, commit `c`: ids and start minutes no one else uses (hour 06 is free in makeRecords). */
function developerRecords(d: number, c: number): WorklogRecord[] {
  return makeRecords(PER_COMMIT, (i) => {
    const n = c * PER_COMMIT + i;
    return {
      id: `0199a000-0000-7000-8001-${String(d * 1000 + n).padStart(12, '0')}`,
      issue: `APP-${d + 1}`,
      started: `2026-02-${String(20 + d).padStart(2, '0')}T06:${String(n).padStart(2, '0')}:00.000+01:00`,
      comment: `dev ${d} commit ${c} item ${i}`,
    };
  });
}

/** One developer: commit, pull --rebase (union merge of the month file), push; retried when the push is rejected. */
async function developer(clone: string, d: number): Promise<string[]> {
  const pushed: string[] = [];
  for (let c = 0; c < COMMITS; c += 1) {
    await git(clone, ['pull', '--quiet', '--rebase', 'origin', 'main']);
    const existing = await git(clone, ['show', `HEAD:${FEBRUARY}`]);
    writeRepoFile(clone, FEBRUARY, existing + developerRecords(d, c).map((r) => `${encodeWorklogRecord(r)}\n`).join(''));
    await git(clone, ['commit', '--quiet', '-am', `[tract] Log ${PER_COMMIT} worklogs (dev ${d})`]);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await git(clone, ['push', '--quiet', 'origin', 'main']);
        break;
      } catch (err) {
        if (attempt >= 20) throw err;
        await git(clone, ['pull', '--quiet', '--rebase', 'origin', 'main']);
      }
    }
    pushed.push((await git(clone, ['rev-parse', 'HEAD'])).trim());
  }
  return pushed;
}

describe('fault: three developers pushing while the controller syncs', function () {
  this.timeout(120_000);
  let h: ToJiraHarness;

  beforeEach(async () => {
    h = await startToJiraHarness();
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('no line lost, every record exactly once in Jira, no force push', async () => {
    const initial = makeRecords(60);
    await pushRecords(h, initial, { queued: true });
    const clones = await Promise.all(Array.from({ length: DEVELOPERS }, () => makeClone(h.remote)));
    let developing = true;
    const developers = Promise.all(clones.map((clone, d) => developer(clone, d))).finally(() => { developing = false; });
    let passesDuring = 0;
    while (developing) {
      await h.sync();
      passesDuring += 1;
    }
    const pushed = (await developers).flat();
    expect(passesDuring, 'passes that overlapped the pushes').to.be.at.least(1);
    await syncUntilSettled(h);

    const all = [...initial, ...Array.from({ length: DEVELOPERS }, (_, d) => Array.from({ length: COMMITS }, (_, c) => developerRecords(d, c)).flat()).flat()];
    await expectGitAndJiraAgree(h, all);
    const tip = (await git(h.remote, ['rev-parse', 'main'])).trim();
    for (const sha of pushed) await git(h.remote, ['merge-base', '--is-ancestor', sha, tip]);
    const subjects = (await git(h.remote, ['log', '--format=%s', 'main'])).split('\n');
    expect(subjects.filter((s) => s.startsWith('[tract-sync]')).length, 'write-back commits').to.be.at.least(1);
  });
});
