import { expect } from 'chai';
import { collectRecords } from '../../../../shared/core/collect-records.ts';
import { decodeWorklogFile } from '../../../../shared/core/decode-worklog-file.ts';
import { DEFAULT_DURATION_UNITS } from '../../../../shared/core/parse-duration.ts';
import { planJiraChanges } from '../../../../shared/core/plan-jira-changes.ts';
import type { JiraChange, JiraUpsert, PlanJiraInput } from '../../../../shared/core/plan-jira-changes.ts';
import { syncFingerprint } from '../../../../shared/core/plan-sync.ts';
import type { SyncedRecord } from '../../../../shared/core/plan-sync.ts';
import { planWorklogWrites } from '../../../../shared/core/write-worklog-files.ts';

const FEB = 'worklogs/2026-02.jsonl';
const NOW = '2026-02-20T12:00:00.000Z';
const ID_A = '01890000-0000-7000-8000-00000000000a';
const ID_B = '01890000-0000-7000-8000-00000000000b';
const NEW_ID = '01890000-0000-7000-8000-0000000000ff';
const LINK = { worklogId: '10234', issueId: '12345', syncedAt: '2026-02-14T10:00:00.000Z' };

function upsert(overrides: Partial<JiraUpsert> = {}): JiraUpsert {
  return {
    kind: 'upsert', worklogId: '10234', issueId: '12345', issueKey: 'APP-1234', author: 'john.mcmullan',
    started: '2026-02-14T09:00:00.000+01:00', seconds: 7200, comment: 'Fixed bug', ...overrides,
  };
}

function fileOf(lines: readonly (Record<string, unknown> | string)[]): string {
  return lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
}

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: ID_A, issue: 'APP-1234', author: 'john.mcmullan', time: '2h', started: '2026-02-14T09:00:00.000+01:00', comment: 'Fixed bug', ...overrides };
}

function inputFor(files: Record<string, string>, changes: JiraChange[], known: Record<string, SyncedRecord> = {}): PlanJiraInput {
  const set = collectRecords(Object.entries(files).map(([file, text]) => decodeWorklogFile(text, file)));
  return {
    records: set.records, tombstones: set.tombstones, known: new Map(Object.entries(known)), changes, repo: 'team-a/app',
    units: DEFAULT_DURATION_UNITS, worklogDir: 'worklogs', now: NOW, newId: () => NEW_ID,
  };
}

/** The files after applying the plan's edits. */
function applied(files: Record<string, string>, input: PlanJiraInput): Record<string, string> {
  const plan = planJiraChanges(input);
  const out = { ...files };
  const texts = Object.entries(files).map(([path, text]) => ({ path, text }));
  for (const [file, text] of planWorklogWrites(texts, plan.puts, 'worklogs')) out[file] = text;
  return out;
}

function linesOf(text: string | undefined): Record<string, unknown>[] {
  return (text ?? '').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

const jiraFingerprint = (change: JiraUpsert): string =>
  syncFingerprint({ id: '', issue: change.issueKey, author: '', time: '', started: change.started, comment: change.comment }, change.seconds);

describe('planJiraChanges', () => {
  it('appends a Jira-created worklog to the month file of its start, with its link and source', () => {
    const input = inputFor({}, [upsert()]);
    const plan = planJiraChanges(input);
    const after = applied({}, input);
    expect(linesOf(after[FEB])).to.deep.equal([{
      id: NEW_ID, issue: 'APP-1234', author: 'john.mcmullan', time: '2h', started: '2026-02-14T09:00:00.000+01:00',
      comment: 'Fixed bug', source: 'jira', jira: { worklogId: '10234', issueId: '12345', syncedAt: NOW },
    }]);
    expect(plan.applied).to.deep.equal([{ op: 'add', worklogId: '10234', id: NEW_ID, issue: 'APP-1234', author: 'john.mcmullan', time: '2h' }]);
    expect(plan.state.set.get(NEW_ID)).to.deep.equal({
      link: { worklogId: '10234', issueId: '12345', syncedAt: NOW }, issue: 'APP-1234', author: 'john.mcmullan', syncedFingerprint: jiraFingerprint(upsert()),
    });
  });

  it('leaves out an empty comment and formats seconds as docs/time.md shows', () => {
    const after = applied({}, inputFor({}, [upsert({ comment: '', seconds: 5400 })]));
    const [line] = linesOf(after[FEB]);
    expect(line).to.not.have.property('comment');
    expect(line!.time).to.equal('1.5h');
  });

  it('keeps a comment with line breaks and control characters on one JSONL line', () => {
    const comment = 'line one\nline two\u0007\r\n"quoted"';
    const after = applied({}, inputFor({}, [upsert({ comment })]));
    expect(after[FEB]!.split('\n').filter((l) => l !== '')).to.have.length(1);
    expect(linesOf(after[FEB])[0]!.comment).to.equal(comment);
  });

  it('changes nothing for an echo of Tract\'s own write, found by the tract property', () => {
    const files = { [FEB]: fileOf([record()]) };
    const change = upsert({ tract: { id: ID_A, repo: 'team-a/app' } });
    const plan = planJiraChanges(inputFor(files, [change], { [ID_A]: { link: LINK, issue: 'APP-1234', author: 'john.mcmullan', syncedFingerprint: jiraFingerprint(change) } }));
    expect(plan.puts).to.deep.equal([]);
    expect(plan.applied).to.be.empty;
    expect(plan.skipped.map((s) => s.reason)).to.deep.equal(['echo']);
    expect(plan.state.set.size + plan.state.remove.length).to.equal(0);
  });

  it('changes nothing for an echo found by the link alone (webhooks carry no properties)', () => {
    const files = { [FEB]: fileOf([record({ jira: LINK })]) };
    const plan = planJiraChanges(inputFor(files, [upsert()], { [ID_A]: { link: LINK, issue: 'APP-1234', syncedFingerprint: jiraFingerprint(upsert()) } }));
    expect(plan.puts).to.deep.equal([]);
    expect(plan.skipped.map((s) => s.reason)).to.deep.equal(['echo']);
  });

  it('rewrites an edited worklog in place, keeping its id, source and unknown fields', () => {
    const files = { [FEB]: fileOf([record({ id: ID_B, issue: 'APP-1' }), record({ jira: LINK, source: 'jira', custom: { a: 1 } })]) };
    const input = inputFor(files, [upsert({ seconds: 10800, comment: 'Fixed the bug' })], { [ID_A]: { link: LINK, issue: 'APP-1234', syncedFingerprint: jiraFingerprint(upsert()) } });
    const plan = planJiraChanges(input);
    const lines = linesOf(applied(files, input)[FEB]);
    expect(lines).to.have.length(2);
    expect(lines[1]).to.deep.equal({
      id: ID_A, issue: 'APP-1234', author: 'john.mcmullan', time: '3h', started: '2026-02-14T09:00:00.000+01:00', comment: 'Fixed the bug',
      source: 'jira', jira: { worklogId: '10234', issueId: '12345', syncedAt: NOW }, updated: NOW, custom: { a: 1 },
    });
    expect(plan.applied).to.deep.equal([{ op: 'update', worklogId: '10234', id: ID_A, issue: 'APP-1234', author: 'john.mcmullan', time: '3h', fromTime: '2h' }]);
  });

  it('keeps the written time and start when Jira did not change them', () => {
    const files = { [FEB]: fileOf([record({ time: '120m', started: '2026-02-14T08:00:00Z', jira: LINK })]) };
    const input = inputFor(files, [upsert({ comment: 'new words' })], { [ID_A]: { link: LINK, syncedFingerprint: 'old' } });
    const [line] = linesOf(applied(files, input)[FEB]);
    expect(line!.time).to.equal('120m');
    expect(line!.started).to.equal('2026-02-14T08:00:00Z');
    expect(line!.comment).to.equal('new words');
  });

  it('moves a record to the other month file when Jira moves its start across months', () => {
    const files = { [FEB]: fileOf([record({ id: ID_B }), record({ jira: LINK, started: '2026-02-28T09:00:00.000+01:00' })]) };
    const input = inputFor(files, [upsert({ started: '2026-03-02T09:00:00.000+01:00' })], { [ID_A]: { link: LINK, syncedFingerprint: 'old' } });
    const after = applied(files, input);
    expect(linesOf(after[FEB]).map((l) => l.id)).to.deep.equal([ID_B]);
    expect(linesOf(after['worklogs/2026-03.jsonl']).map((l) => [l.id, l.started])).to.deep.equal([[ID_A, '2026-03-02T09:00:00.000+01:00']]);
  });

  it('writes a tombstone for a record deleted in Jira (one line per id: copies that lost a merge go) and remembers the delete', () => {
    const loser = record({ jira: LINK, time: '1h' });
    const files = { [FEB]: fileOf([loser, record({ id: ID_B, issue: 'APP-1' }), record({ jira: LINK, updated: '2026-02-15T09:00:00.000Z' })]) };
    const input = inputFor(files, [{ kind: 'delete', worklogId: '10234' }], { [ID_A]: { link: LINK, syncedFingerprint: 'x' } });
    const plan = planJiraChanges(input);
    const lines = linesOf(applied(files, input)[FEB]);
    expect(lines.map((l) => [l.id, l.time, l.deleted])).to.deep.equal([[ID_A, '2h', NOW], [ID_B, '2h', undefined]]);
    expect(lines[0]!.updated).to.equal(NOW);
    expect(plan.applied).to.deep.equal([{ op: 'delete', worklogId: '10234', id: ID_A, issue: 'APP-1234', author: 'john.mcmullan', time: '2h' }]);
    expect(plan.state.set.get(ID_A)?.deletedAt).to.equal(NOW);
    expect(plan.state.remove).to.deep.equal([]);
  });

  it('never touches a malformed line, even when it is linked to the deleted worklog', () => {
    const malformed = '{"id":"' + ID_A + '","issue":"bad key","jira":{"worklogId":"10234"}}';
    const files = { [FEB]: fileOf([malformed, record({ id: ID_B })]) };
    const input = inputFor(files, [{ kind: 'delete', worklogId: '10234' }], { [ID_A]: { link: LINK, syncedFingerprint: 'x' } });
    const plan = planJiraChanges(input);
    expect(plan.puts).to.deep.equal([]);
    expect(plan.skipped.map((s) => s.reason)).to.deep.equal(['already-deleted']);
    expect(plan.state.set.get(ID_A)?.deletedAt).to.equal(NOW);
  });

  it('skips a delete of a worklog git never had', () => {
    const plan = planJiraChanges(inputFor({ [FEB]: fileOf([record()]) }, [{ kind: 'delete', worklogId: '999' }]));
    expect(plan.puts).to.deep.equal([]);
    expect(plan.skipped.map((s) => s.reason)).to.deep.equal(['not-found']);
  });

  it('links an unlinked duplicate (same issue, author, minute and time) instead of adding a second line', () => {
    const files = { [FEB]: fileOf([record({ started: '2026-02-14T09:00:30.000+01:00', comment: 'from git' })]) };
    const input = inputFor(files, [upsert({ started: '2026-02-14T08:00:00.000Z' })]);
    const plan = planJiraChanges(input);
    const lines = linesOf(applied(files, input)[FEB]);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ id: ID_A, comment: 'from git' });
    expect(lines[0]!.jira).to.deep.equal({ worklogId: '10234', issueId: '12345', syncedAt: NOW });
    expect(plan.applied.map((a) => a.op)).to.deep.equal(['link']);
    expect(plan.state.set.get(ID_A)?.link?.worklogId).to.equal('10234');
  });

  it('reports a duplicate of a record linked to another Jira worklog and does not add it', () => {
    const files = { [FEB]: fileOf([record({ jira: { ...LINK, worklogId: '10001' } })]) };
    const plan = planJiraChanges(inputFor(files, [upsert()]));
    expect(plan.puts).to.deep.equal([]);
    expect(plan.problems.map((p) => p.reason)).to.deep.equal(['duplicate-linked']);
    expect(plan.problems[0]!.message).to.match(/10234 duplicates Jira worklog 10001 .*delete one of them in Jira$/);
  });

  it('does not bring back a record of this repo that was deleted in git (a tombstone)', () => {
    const tombstone = record({ jira: LINK, updated: '2026-02-15T09:00:00.000Z', deleted: '2026-02-15T09:00:00.000Z' });
    const plan = planJiraChanges(inputFor({ [FEB]: fileOf([tombstone]) }, [upsert({ tract: { id: ID_A, repo: 'team-a/app' } })], { [ID_A]: { link: LINK, syncedFingerprint: 'x' } }));
    expect(plan.puts).to.deep.equal([]);
    expect(plan.skipped.map((s) => s.reason)).to.deep.equal(['deleted-in-git']);
  });

  it('reports, and does not write, a change to a record that is missing from git without a tombstone', () => {
    const plan = planJiraChanges(inputFor({ [FEB]: fileOf([record({ id: ID_B, issue: 'APP-1' })]) }, [upsert({ tract: { id: ID_A, repo: 'team-a/app' } })], { [ID_A]: { link: LINK, syncedFingerprint: 'x' } }));
    expect(plan.puts).to.deep.equal([]);
    expect(plan.problems.map((s) => s.reason)).to.deep.equal(['missing-in-git']);
  });

  it('treats a tract property of another repo as a Jira-side worklog', () => {
    const plan = planJiraChanges(inputFor({}, [upsert({ tract: { id: ID_A, repo: 'team-b/other' } })]));
    expect(plan.applied.map((a) => [a.op, a.id])).to.deep.equal([['add', NEW_ID]]);
  });

  it('keeps a newer unsynced git edit over an older Jira edit', () => {
    const files = { [FEB]: fileOf([record({ jira: LINK, time: '4h', updated: '2026-02-16T09:00:00.000Z' })]) };
    const known = { [ID_A]: { link: LINK, syncedFingerprint: jiraFingerprint(upsert()) } };
    const older = planJiraChanges(inputFor(files, [upsert({ seconds: 10800, updatedMs: Date.parse('2026-02-15T09:00:00.000Z') })], known));
    expect(older.skipped.map((s) => s.reason)).to.deep.equal(['git-newer']);
    const newer = planJiraChanges(inputFor(files, [upsert({ seconds: 10800, updatedMs: Date.parse('2026-02-17T09:00:00.000Z') })], known));
    expect(newer.applied.map((a) => [a.op, a.fromTime, a.time])).to.deep.equal([['update', '4h', '3h']]);
  });

  it('adopts a worklog whose content git already has, adding only the link', () => {
    const files = { [FEB]: fileOf([record()]) };
    const input = inputFor(files, [upsert({ tract: { id: ID_A, repo: 'team-a/app' } })]);
    const plan = planJiraChanges(input);
    expect(plan.applied.map((a) => a.op)).to.deep.equal(['link']);
    expect(linesOf(applied(files, input)[FEB])[0]!.jira).to.deep.equal({ worklogId: '10234', issueId: '12345', syncedAt: NOW });
  });

  it('reports a Tract record that Jira has twice', () => {
    const files = { [FEB]: fileOf([record({ jira: LINK })]) };
    const plan = planJiraChanges(inputFor(files, [upsert({ worklogId: '10300', tract: { id: ID_A, repo: 'team-a/app' } })]));
    expect(plan.problems.map((p) => p.reason)).to.deep.equal(['duplicate-linked']);
    expect(plan.puts).to.deep.equal([]);
  });

  it('applies a create and a later update of the same worklog in one batch as one new line', () => {
    const input = inputFor({}, [upsert(), upsert({ seconds: 10800 })]);
    const plan = planJiraChanges(input);
    expect(plan.applied.map((a) => a.op)).to.deep.equal(['add', 'update']);
    expect(linesOf(applied({}, input)[FEB]).map((l) => l.time)).to.deep.equal(['3h']);
  });

  it('writes nothing for a create and a delete of the same worklog in one batch', () => {
    const plan = planJiraChanges(inputFor({}, [upsert(), { kind: 'delete', worklogId: '10234' }]));
    expect(plan.applied.map((a) => a.op)).to.deep.equal(['add', 'delete']);
    expect(plan.puts).to.deep.equal([]);
    expect(plan.state.set.get(NEW_ID)?.deletedAt).to.equal(NOW);
  });

  it('reports a worklog that cannot be a record instead of failing the batch', () => {
    const plan = planJiraChanges(inputFor({}, [upsert({ issueKey: 'not a key' }), upsert({ worklogId: '2', started: '2026-02-15T09:00:00.000+01:00' })]));
    expect(plan.problems.map((p) => p.reason)).to.deep.equal(['invalid']);
    expect(plan.problems[0]!.message).to.match(/^Jira worklog 10234 cannot be written to git: issue must be/);
    expect(plan.applied).to.have.length(1);
  });
});
