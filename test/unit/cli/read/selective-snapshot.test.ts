import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepLines, readSnapshotMentioning } from '../../../../cli/read/selective-snapshot.ts';
import type { Workspace } from '../../../../cli/workspace/open-workspace.ts';
import { countedRecords } from '../../../../cli/workspace/report-records.ts';
import type { GitRepository } from '../../../../shared/git/git-repository.ts';
import { SYNCHRONOUS_WORKTREE, WorklogRepository } from '../../../../shared/git/worklog-repository.ts';

const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe('readSnapshotMentioning: the lines a report needs, with the same answer as a full read', () => {
  let dir: string;
  let ws: Workspace;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tract-selective-'));
    mkdirSync(join(dir, 'worklogs'));
    const jan = [
      line({ id: id(1), issue: 'APP-1', author: 'ann', time: '1h', started: '2026-01-05T09:00:00.000+00:00' }),
      line({ id: id(2), issue: 'APP-2', author: 'bob', time: '1h', started: '2026-01-05T10:00:00.000+00:00', comment: 'APP-1' }),
      // id(1) moved to APP-3 by a later edit: the same-id rule takes this line.
      line({ id: id(1), issue: 'APP-3', author: 'ann', time: '1h', started: '2026-01-05T09:00:00.000+00:00', updated: '2026-01-06T09:00:00.000+00:00' }),
      '{"issue":"APP-1","author":"cy","time":"30m","started":"2026-01-07T10:00:00+00:00"}',
      `{"id":"${id(5)}","issue":"APP-1",`,
    ];
    const feb = [
      line({ id: id(6), issue: 'APP-1', author: 'ann', time: '2h', started: '2026-02-02T09:00:00.000+00:00' }),
      line({ id: id(7), issue: 'APP-1', author: 'ann', time: '2h', started: '2026-02-02T09:00:00.000+00:00' }),
      line({ id: id(8), issue: 'APP-2', author: 'ann', time: '1h', started: '2026-02-03T09:00:00.000+00:00' }),
    ];
    writeFileSync(join(dir, 'worklogs', '2026-01.jsonl'), `${jan.join('\n')}\n`);
    writeFileSync(join(dir, 'worklogs', '2026-02.jsonl'), `${feb.join('\n')}\n`);
    const units = { hoursPerDay: 8, daysPerWeek: 5 };
    // Reading the working tree needs only the repository's directory.
    const worklogs = new WorklogRepository({ dir } as unknown as GitRepository, { worklogDir: 'worklogs', units, files: SYNCHRONOUS_WORKTREE });
    ws = { dir, worklogs, config: { worklogDir: 'worklogs' }, units } as unknown as Workspace;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [needle, field] of [['APP-1', 'issue'], ['APP-2', 'issue'], ['APP-3', 'issue'], ['ann', 'author'], ['cy', 'author']] as const) {
    it(`${field} ${needle}: the same records as a full read`, async () => {
      const pick = (records: ReturnType<typeof countedRecords>) => records.filter((r) => r[field] === needle).map((r) => [r.id, r.issue, r.author]);
      const full = pick(countedRecords(await ws.worklogs.readWorkingTree()));
      expect(full).to.not.deep.equal([]);
      expect(pick(countedRecords(await readSnapshotMentioning(ws, needle)))).to.deep.equal(full);
    });
  }

  it('keeps the malformed line of the issue with its true line number, and leaves other ids out', async () => {
    const snapshot = await readSnapshotMentioning(ws, 'APP-1');
    expect(snapshot.records.problems.map((p) => `${p.file}:${p.line}`)).to.deep.equal(['worklogs/2026-01.jsonl:5']);
    expect(snapshot.records.records.map((r) => r.record.id)).to.not.include(id(8));
  });

  it('blanks exactly the lines whose id is known and not wanted', () => {
    const text = `{"id":"a","x":1}\n{"id":"b"}\n{"issue":"APP-1"}\n`;
    expect(keepLines(text, new Set(['b']))).to.equal('\n{"id":"b"}\n{"issue":"APP-1"}\n');
  });
});
