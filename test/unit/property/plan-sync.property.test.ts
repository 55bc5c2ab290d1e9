import { expect } from 'chai';
import fc from 'fast-check';
import type { DecodedLine } from '../../../shared/core/decode-worklog-file.ts';
import { DEFAULT_DURATION_UNITS } from '../../../shared/core/parse-duration.ts';
import { planSync, syncFingerprint } from '../../../shared/core/plan-sync.ts';
import type { SyncedRecord } from '../../../shared/core/plan-sync.ts';
import { parseDuration } from '../../../shared/core/parse-duration.ts';
import type { WorklogRecord } from '../../../shared/core/worklog-record.ts';

const LINK = { worklogId: '10001', issueId: '10000', syncedAt: '2026-02-01T00:00:00.000Z' };

const recordArb = fc.record({
  n: fc.integer({ min: 1, max: 40 }),
  issue: fc.constantFrom('APP-1', 'APP-2', 'OPS-7'),
  minutes: fc.integer({ min: 1, max: 600 }),
  hour: fc.integer({ min: 0, max: 23 }),
  linked: fc.boolean(),
  comment: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
});

type Rec = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

/** Unique ids; each record optionally known to the controller as synced (maybe with other content) or failed. */
const scenario = fc.record({
  records: fc.uniqueArray(recordArb, { selector: (r) => r.n, maxLength: 25 }),
  knownGone: fc.uniqueArray(fc.integer({ min: 100, max: 140 }), { maxLength: 5 }),
  memory: fc.array(fc.constantFrom('none', 'same', 'changed', 'failed-same', 'failed-other'), { minLength: 25, maxLength: 25 }),
});

function toLine(r: Rec): DecodedLine {
  const record: WorklogRecord = {
    id: `id-${r.n}`, issue: r.issue, author: 'john', time: `${r.minutes}m`,
    started: `2026-02-10T${String(r.hour).padStart(2, '0')}:00:00.000+00:00`,
    ...(r.comment === undefined ? {} : { comment: r.comment }),
    ...(r.linked ? { jira: LINK } : {}),
  };
  return { file: 'worklogs/2026-02.jsonl', line: r.n, raw: '', record };
}

function memoryFor(line: DecodedLine, kind: string): SyncedRecord | undefined {
  const fp = syncFingerprint(line.record, parseDuration(line.record.time));
  const failure = (fingerprint: string) => ({ fingerprint, reason: 'IssueNotFound' as const, message: 'm', since: 's' });
  switch (kind) {
    case 'same': return { link: LINK, issue: line.record.issue, syncedFingerprint: fp };
    case 'changed': return { link: LINK, issue: line.record.issue, syncedFingerprint: `${fp}-old` };
    case 'failed-same': return { failure: failure(fp) };
    case 'failed-other': return { failure: failure('other') };
    default: return undefined;
  }
}

describe('planSync (properties)', () => {
  it('puts every record in exactly one of create, update or skip, and removes only what is gone', () => {
    fc.assert(
      fc.property(scenario, ({ records, knownGone, memory }) => {
        const lines = records.map(toLine);
        const known = new Map<string, SyncedRecord>();
        lines.forEach((line, i) => {
          const m = memoryFor(line, memory[i] ?? 'none');
          if (m) known.set(line.record.id, m);
        });
        for (const n of knownGone) known.set(`id-${n}`, { link: LINK, issue: 'APP-1', syncedFingerprint: 'x' });
        const plan = planSync({ records: lines, tombstones: [], duplicates: [], problems: [], known, queueOrder: [], units: DEFAULT_DURATION_UNITS });
        const ids = [...plan.create.map((c) => c.line.record.id), ...plan.update.map((u) => u.line.record.id), ...plan.skip.map((s) => s.id)];
        expect([...ids].sort()).to.deep.equal(lines.map((l) => l.record.id).sort());
        expect(plan.remove).to.deep.equal([]);
        expect(plan.missing.map((r) => r.id).sort()).to.deep.equal(knownGone.map((n) => `id-${n}`).sort());
        for (const u of plan.update) expect(u.link).to.deep.equal(LINK);
        for (const c of plan.create) expect(c.line.record.jira === undefined && !known.get(c.line.record.id)?.link).to.equal(true);
      }),
      { numRuns: 300 },
    );
  });

  it('once everything is remembered as synced as it is, the plan is empty (no echo, no repeat)', () => {
    fc.assert(
      fc.property(scenario, ({ records }) => {
        const lines = records.map(toLine);
        const known = new Map(lines.map((line) => [line.record.id, memoryFor(line, 'same')!]));
        const plan = planSync({ records: lines, tombstones: [], duplicates: [], problems: [], known, queueOrder: [], units: DEFAULT_DURATION_UNITS });
        expect(plan.create).to.deep.equal([]);
        expect(plan.update).to.deep.equal([]);
        expect(plan.remove).to.deep.equal([]);
      }),
      { numRuns: 200 },
    );
  });
});
