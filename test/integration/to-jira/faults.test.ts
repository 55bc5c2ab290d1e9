import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { decodeWorklogFile } from '../../../shared/core/decode-worklog-file.ts';
import { git, removeTempDirs } from '../../support/git-fixtures.ts';
import { syncUntilSettled } from '../../support/fault-assertions.ts';
import { jiraWorklogsByTractId, makeRecords, pushRecords, startToJiraHarness } from '../../support/to-jira-harness.ts';
import type { ToJiraHarness } from '../../support/to-jira-harness.ts';

const RUNNER = fileURLToPath(new URL('../../support/to-jira-runner.ts', import.meta.url));
const CREATE = { method: 'POST', path: '/rest/api/3/issue/[^/]+/worklog$' };

/** Exactly one Jira worklog per record, and every record linked to it in git. */
async function expectExactlyOnce(h: ToJiraHarness, count: number): Promise<void> {
  const byId = await jiraWorklogsByTractId(h.sim);
  const records = makeRecords(count);
  for (const record of records) expect(byId.get(record.id) ?? [], record.id).to.have.length(1);
  expect(byId.size).to.equal(count);
  expect((await h.sim.state()).worklogs).to.have.length(count);
  const decoded = decodeWorklogFile(await git(h.remote, ['show', 'main:worklogs/2026-02.jsonl']), 'worklogs/2026-02.jsonl');
  expect(decoded.lines).to.have.length(count);
  for (const line of decoded.lines) expect(line.record.jira?.worklogId, line.record.id).to.equal(byId.get(line.record.id)![0]!.id);
  expect((await git(h.remote, ['ls-tree', '-r', '--name-only', 'main', '.tract/queue'])).trim()).to.equal('');
}

describe('Tract → Jira under faults: still exactly one Jira worklog per record', function () {
  this.timeout(120_000);
  let h: ToJiraHarness;

  beforeEach(async () => {
    h = await startToJiraHarness();
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('429s with and without Retry-After, and 5xx', async () => {
    await pushRecords(h, makeRecords(60), { queued: true });
    await h.sim.addFault({ ...CREATE, count: 3, action: { type: 'rateLimit', retryAfterSeconds: 1, reason: 'jira-burst-based' } });
    await h.sim.addFault({ ...CREATE, count: 3, action: { type: 'rateLimit' } });
    await h.sim.addFault({ ...CREATE, count: 3, action: { type: 'rateLimit', retryAfterSeconds: 1, reason: 'jira-per-issue-on-write' } });
    await h.sim.addFault({ ...CREATE, count: 4, action: { type: 'error', status: 503 } });
    await h.sim.addFault({ ...CREATE, count: 2, action: { type: 'error', status: 500 } });
    await syncUntilSettled(h, 6);
    await expectExactlyOnce(h, 60);
    const statuses = (await h.sim.requests()).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).to.have.length(9);
    expect(statuses.filter((s) => s >= 500)).to.have.length(6);
  });

  it('"write done, response lost" timeouts are adopted, not created again', async () => {
    await pushRecords(h, makeRecords(40), { queued: true });
    await h.sim.addFault({ ...CREATE, count: 8, action: { type: 'responseLost' } });
    await syncUntilSettled(h, 6);
    await expectExactlyOnce(h, 40);
    const lost = (await h.sim.requests()).filter((r) => r.method === 'POST' && r.status === 0);
    expect(lost).to.have.length(8);
  });

  for (const killAfter of [5, 35]) {
    it(`the sync process killed with SIGKILL after ${killAfter} creates, then restarted`, async () => {
      await pushRecords(h, makeRecords(60), { queued: true });
      await killMidway(h, killAfter);
      // A kill can leave git's lock behind in the controller's clone; the controller clears it on start.
      for (const lock of ['index.lock', 'HEAD.lock']) {
        const path = join(h.controllerCloneDir, '.git', lock);
        if (existsSync(path)) rmSync(path);
      }
      await syncUntilSettled(h, 6);
      await expectExactlyOnce(h, 60);
    });
  }
});

/** Starts a pass in a child process and SIGKILLs it once Jira has received `creates` creates. */
async function killMidway(h: ToJiraHarness, creates: number): Promise<void> {
  const child = spawn(process.execPath, [RUNNER, JSON.stringify({ simUrl: h.sim.url, stateDir: h.stateDir, controllerCloneDir: h.controllerCloneDir })], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    const seen = (await h.sim.requests()).filter((r) => r.method === 'POST').length;
    if (seen >= creates || child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  await exited;
  const seen = (await h.sim.requests()).filter((r) => r.method === 'POST').length;
  expect(seen, 'killed before every create was sent').to.be.below(60);
}
