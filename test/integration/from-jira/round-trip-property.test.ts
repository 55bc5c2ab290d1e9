/**
 * Round trips are the identity (docs/from-jira.md "Round trips"): random records — Unicode and line breaks
 * in comments, offsets from −12:00 to +14:00, durations from one minute to several days — go git → Jira →
 * git and Jira → git → Jira through the simulator and come back unchanged, also after edits on either side.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { encodeWorklogRecord } from '../../../shared/core/encode-worklog-record.ts';
import { formatAtOffset } from '../../../shared/core/format-at-offset.ts';
import { formatDuration } from '../../../shared/core/format-duration.ts';
import { toJiraStarted } from '../../../shared/core/started-time.ts';
import { worklogFilePath } from '../../../shared/core/worklog-file-path.ts';
import { commitFile, git, removeTempDirs } from '../../support/git-fixtures.ts';
import { startFromJiraHarness } from '../../support/from-jira-harness.ts';
import type { FromJiraHarness } from '../../support/from-jira-harness.ts';

interface Fields {
  author: 'john.mcmullan' | 'sarah.jones';
  seconds: number;
  started: string;
  comment: string;
}

/** Printable Unicode (emoji, CJK, accents, RTL) with line breaks inside; no `\r` (Jira keeps `\n`). */
const comment = fc.array(fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.constantFrom('\n', 'Café ☕', '日本語', 'שלום', '👩‍💻')), { minLength: 1, maxLength: 5 })
  .map((parts) => [...parts.join(' ')].filter((ch) => ch === '\n' || !isControl(ch)).join('').trim())
  .filter((text) => text !== '' && !text.startsWith('['));
const offsetMinutes = fc.integer({ min: -48, max: 56 }).map((quarter) => quarter * 15);
const startedAt = fc.tuple(fc.integer({ min: Date.UTC(2026, 0, 2) / 1000, max: Date.UTC(2026, 10, 28) / 1000 }), offsetMinutes)
  .map(([seconds, offset]) => formatAtOffset(new Date(seconds * 1000), offset));
const fields: fc.Arbitrary<Fields> = fc.record({
  author: fc.constantFrom('john.mcmullan' as const, 'sarah.jones' as const),
  seconds: fc.integer({ min: 1, max: 3 * 24 * 60 }).map((minutes) => minutes * 60),
  started: startedAt,
  comment,
});
const edit = fc.record({ seconds: fc.option(fc.integer({ min: 1, max: 5 * 24 * 60 }).map((m) => m * 60), { nil: undefined }), comment: fc.option(comment, { nil: undefined }) })
  .filter((e) => e.seconds !== undefined || e.comment !== undefined);

/** Whether the edit changes the time or the comment. */
function changes(record: { seconds: number; comment?: string }, e: { seconds?: number; comment?: string }): boolean {
  return (e.seconds ?? record.seconds) !== record.seconds || (e.comment ?? record.comment) !== record.comment;
}

let counter = 0;
function nextId(): string {
  counter += 1;
  return `0199b000-0000-7000-8000-${counter.toString(16).padStart(12, '0')}`;
}

describe('round trips through Jira are the identity (property, over the simulator)', function () {
  this.timeout(600_000);
  let h: FromJiraHarness;

  before(async () => {
    h = await startFromJiraHarness({ sim: { rateLimits: { perIssueWrite: { enabled: false, windows: [] }, burst: { enabled: false, limit: 100, windowMs: 1000 } } } });
  });
  after(async () => {
    await h.close();
    removeTempDirs();
  });

  async function lineOf(file: string, test: (record: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> {
    const text = await git(h.remote, ['show', `main:${file}`]).catch(() => '');
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find(test);
  }

  async function pushRecord(file: string, mutate: (lines: string[]) => string[], message: string): Promise<void> {
    await git(h.dev, ['pull', '--quiet', '--rebase', 'origin', 'main']);
    const current = (await git(h.dev, ['show', `HEAD:${file}`]).catch(() => '')).split('\n').filter(Boolean);
    await commitFile(h.dev, file, `${mutate(current).join('\n')}\n`, message);
    await git(h.dev, ['push', '--quiet', 'origin', 'main']);
  }

  async function jiraView(issue: string, worklogId: string): Promise<{ startedMs: number; seconds: number; comment: string }> {
    const [worklog] = await h.jiraAs('sync').fetchWorklogsByIds([worklogId]);
    expect(worklog, `worklog ${worklogId} on ${issue}`).to.not.equal(undefined);
    return { startedMs: worklog!.started.getTime(), seconds: worklog!.timeSpentSeconds, comment: worklog!.comment };
  }

  function expectLine(line: Record<string, unknown> | undefined, want: Fields & { issue: string }): void {
    expect(line, 'the line in git').to.not.equal(undefined);
    expect({ issue: line!.issue, author: line!.author, time: line!.time, started: line!.started, comment: line!.comment })
      .to.deep.equal({ issue: want.issue, author: want.author, time: formatDuration(want.seconds), started: want.started, comment: want.comment });
  }

  async function expectNoWrites(): Promise<void> {
    h.sim.control.clearRequests();
    await h.syncToJira();
    expect(h.sim.control.requests().filter((r) => r.method !== 'GET' && r.path.startsWith('/rest/'))).to.deep.equal([]);
  }

  it('git → Jira → git, with edits on either side', async () => {
    await fc.assert(fc.asyncProperty(fields, edit, edit, fc.integer({ min: 1, max: 20 }), async (drawn, gitEdit, jiraEdit, issueNo) => {
      const record = inOwnMinute(drawn);
      fc.pre(changes(record, gitEdit));
      const id = nextId();
      const issue = `APP-${issueNo}`;
      const file = worklogFilePath(record.started);
      const want = { ...record, issue };
      const encode = (f: Fields): string => encodeWorklogRecord({ id, issue, author: f.author, time: formatDuration(f.seconds), started: f.started, comment: f.comment });
      await pushRecord(file, (lines) => [...lines, encode(record)], `[tract] Log to ${issue}`);
      expect((await h.syncToJira()).created).to.equal(1);
      await h.settle();
      const synced = await lineOf(file, (r) => r.id === id);
      expectLine(synced, want);
      const worklogId = (synced!.jira as { worklogId: string }).worklogId;
      expect(await jiraView(issue, worklogId)).to.deep.equal({ startedMs: Date.parse(record.started), seconds: record.seconds, comment: `[${record.author}] ${record.comment}` });

      const afterGit = { ...want, seconds: gitEdit.seconds ?? record.seconds, comment: gitEdit.comment ?? record.comment };
      await pushRecord(file, (lines) => lines.map((l) => ((JSON.parse(l) as { id: string }).id === id ? replaceFields(l, afterGit) : l)), `[tract] Edit worklog on ${issue}`);
      expect((await h.syncToJira()).updated).to.equal(1);
      await h.settle();
      expectLine(await lineOf(file, (r) => r.id === id), afterGit);

      const afterJira = { ...afterGit, seconds: jiraEdit.seconds ?? afterGit.seconds, comment: jiraEdit.comment ?? afterGit.comment };
      await h.ui('sync').update(issue, worklogId, { seconds: afterJira.seconds, comment: `[${record.author}] ${afterJira.comment}` });
      await h.settle();
      expectLine(await lineOf(file, (r) => r.id === id), afterJira);
      await expectNoWrites();
    }), { numRuns: 12 });
  });

  it('Jira → git → Jira, with an edit in git', async () => {
    await fc.assert(fc.asyncProperty(fields, edit, fc.integer({ min: 1, max: 20 }), async (drawn, gitEdit, issueNo) => {
      const record = inOwnMinute(drawn);
      // An edit that changes nothing is no edit: git has nothing to commit and Jira nothing to update.
      fc.pre(changes(record, gitEdit));
      const issue = `APP-${issueNo}`;
      const user = record.author === 'john.mcmullan' ? 'john' : 'sarah';
      const worklogId = await h.ui(user).create(issue, { started: toJiraStarted(record.started), seconds: record.seconds, comment: record.comment });
      await h.settle();
      const jiraBefore = await jiraView(issue, worklogId);
      const byLink = (r: Record<string, unknown>): boolean => (r.jira as { worklogId?: string } | undefined)?.worklogId === worklogId;
      const file = await fileHolding(byLink);
      const line = await lineOf(file, byLink);
      expect({ author: line!.author, time: line!.time, startedMs: Date.parse(String(line!.started)), comment: line!.comment })
        .to.deep.equal({ author: record.author, time: formatDuration(record.seconds), startedMs: Date.parse(record.started), comment: record.comment });
      await expectNoWrites();
      expect(await jiraView(issue, worklogId)).to.deep.equal(jiraBefore);

      const edited = { seconds: gitEdit.seconds ?? record.seconds, comment: gitEdit.comment ?? record.comment };
      await pushRecord(file, (lines) => lines.map((l) => (byLink(JSON.parse(l) as Record<string, unknown>) ? replaceFields(l, { ...record, ...edited, started: String(line!.started) }) : l)), `[tract] Edit worklog on ${issue}`);
      expect((await h.syncToJira()).updated).to.equal(1);
      await h.settle();
      expect(await jiraView(issue, worklogId)).to.deep.equal({ startedMs: Date.parse(record.started), seconds: edited.seconds, comment: edited.comment });
      await expectNoWrites();
    }), { numRuns: 12 });
  });

  async function fileHolding(test: (record: Record<string, unknown>) => boolean): Promise<string> {
    const files = (await git(h.remote, ['ls-tree', '-r', '--name-only', 'main', 'worklogs'])).trim().split('\n').filter(Boolean);
    for (const file of files) if (await lineOf(file, test)) return file;
    throw new Error('no line links that worklog');
  }
});

/**
 * The runs of a property share one repository and one Jira site, and two records with the same issue,
 * author, start minute and time are duplicates of which only one syncs (docs/to-jira.md, "Planning"). A
 * shrunk counterexample draws the same start again and again (seed 1548722252 edited 2m into the 1m of an
 * earlier run's record), so each run moves its record to a minute of its own.
 */
let runs = 0;
function inOwnMinute(drawn: Fields): Fields {
  runs += 1;
  const zone = /([+-])(\d\d):(\d\d)$/.exec(drawn.started);
  const offset = zone === null ? 0 : (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
  return { ...drawn, started: formatAtOffset(new Date(Date.parse(drawn.started) + runs * 60_000), offset) };
}

function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f;
}

function replaceFields(line: string, f: Fields): string {
  const record = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify({ ...record, time: formatDuration(f.seconds), started: f.started, comment: f.comment });
}
