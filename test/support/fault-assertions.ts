/**
 * The end state every fault test checks: git (the remote's tip) and Jira agree — one Jira worklog per
 * record, each record linked to it, no malformed line, the queue empty.
 */
import { expect } from 'chai';
import { decodeWorklogFile } from '../../shared/core/decode-worklog-file.ts';
import type { WorklogRecord } from '../../shared/core/worklog-record.ts';
import { git } from './git-fixtures.ts';
import type { JiraSimProcess } from './jira-sim-process.ts';
import { jiraWorklogsByTractId } from './to-jira-harness.ts';
import type { ToJiraHarness } from './to-jira-harness.ts';

export { jiraWorklogsByTractId };

export const FEBRUARY = 'worklogs/2026-02.jsonl';

/** Where the truth lives: the simulator and the bare remote. */
export interface SyncEnds {
  sim: JiraSimProcess;
  remote: string;
}

export async function expectGitAndJiraAgree(h: SyncEnds, records: readonly WorklogRecord[]): Promise<void> {
  const byId = await jiraWorklogsByTractId(h.sim);
  expect((await h.sim.state()).worklogs, 'Jira worklogs').to.have.length(records.length);
  for (const record of records) expect(byId.get(record.id) ?? [], `Jira worklogs of ${record.id}`).to.have.length(1);
  const decoded = decodeWorklogFile(await git(h.remote, ['show', `main:${FEBRUARY}`]), FEBRUARY);
  expect(decoded.problems, 'malformed lines in git').to.deep.equal([]);
  expect(decoded.lines.map((l) => l.record.id), 'records in git').to.have.members(records.map((r) => r.id));
  for (const line of decoded.lines) expect(line.record.jira?.worklogId, line.record.id).to.equal(byId.get(line.record.id)![0]!.id);
  expect(await queueFiles(h), 'queue files left').to.deep.equal([]);
}

export async function queueFiles(h: SyncEnds): Promise<string[]> {
  return (await git(h.remote, ['ls-tree', '-r', '--name-only', 'main', '.tract/queue'])).split('\n').filter(Boolean);
}

/** Runs passes until nothing is pending and nothing is planned; fails when that takes more than `maxPasses`. */
export async function syncUntilSettled(h: ToJiraHarness, maxPasses = 8): Promise<void> {
  for (let pass = 0; pass < maxPasses; pass += 1) {
    const result = await h.sync();
    if (result.pending === 0 && result.plan.create + result.plan.update + result.plan.remove === 0) return;
  }
  throw new Error(`the sync did not settle within ${maxPasses} passes`);
}
