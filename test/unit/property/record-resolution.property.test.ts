/**
 * The resolution rule is a join (docs/records.md, "Resolution"): whatever order, grouping or repetition
 * the versions of a record meet in (a union merge, the merge driver, a CLI write, the controller), every
 * replica resolves them to the same record, and a tombstone is never lost to an older version.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { collectRecords } from '../../../shared/core/collect-records.ts';
import { decodeWorklogFile } from '../../../shared/core/decode-worklog-file.ts';
import { encodeWorklogRecord } from '../../../shared/core/encode-worklog-record.ts';
import { mergeWorklogFiles } from '../../../shared/core/merge-worklog-files.ts';
import { resolveRecordVersions, versionMs } from '../../../shared/core/resolve-record-versions.ts';
import { canonicalWorklogText } from '../../../shared/core/write-worklog-files.ts';
import type { WorklogRecord } from '../../../shared/core/worklog-record.ts';

/** The join laws run 10,000 times; the file-level properties, each a few decodes, fewer. */
const RUNS = 10_000;
const FILE_RUNS = 2_000;
const MERGE_RUNS = 1_000;
const FILE = 'worklogs/2026-02.jsonl';

/** Few instants, some written in several forms, so ties and equal instants in different text are common. */
const INSTANTS = ['2026-02-15T10:00:00Z', '2026-02-15T10:00:00.000Z', '2026-02-15T11:00:00.000+01:00', '2026-02-15T10:00:01.000Z', '2026-02-16T08:00:00.000Z'];
const instant = fc.constantFrom(...INSTANTS);

const link = fc.record({ worklogId: fc.constantFrom('10001', '10002'), issueId: fc.constantFrom('10000', '10009'), syncedAt: instant });

/** One version of a record: any edit, any clock, maybe a tombstone, maybe linked, maybe with unknown fields. */
function versionOf(id: string): fc.Arbitrary<WorklogRecord> {
  return fc.record({
    time: fc.constantFrom('1h', '2h', '90m'),
    comment: fc.option(fc.constantFrom('a', 'b', ''), { nil: undefined }),
    updated: fc.option(instant, { nil: undefined }),
    deleted: fc.option(instant, { nil: undefined }),
    jira: fc.option(link, { nil: undefined }),
    custom: fc.option(fc.constantFrom(1, 'x'), { nil: undefined }),
  }).map(({ custom, ...fields }) => {
    const record: WorklogRecord = { id, issue: 'APP-1', author: 'john', started: '2026-02-14T09:00:00.000+01:00', ...fields };
    for (const key of ['comment', 'updated', 'deleted', 'jira'] as const) if (record[key] === undefined) delete record[key];
    return custom === undefined ? record : { ...record, extra: { custom } };
  });
}

const versions = fc.array(versionOf('A'), { minLength: 1, maxLength: 6 });
const encoded = (record: WorklogRecord): string => encodeWorklogRecord(record);
const join = (...records: WorklogRecord[]): WorklogRecord => resolveRecordVersions(records);

/** Lines of a month file: versions of three ids, a hand-written line without id, malformed and blank lines. */
const line = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('A', 'B', 'C').chain(versionOf).map(encoded) },
  { weight: 1, arbitrary: fc.constantFrom('1h', '3h').map((time) => JSON.stringify({ issue: 'APP-7', author: 'sarah', time, started: '2026-02-11T09:00:00+01:00' })) },
  { weight: 1, arbitrary: fc.constantFrom('{"id":"broken","issue":', 'not json', '[]', '') },
);
const lines = fc.array(line, { maxLength: 8 });
const text = (of: readonly string[]): string => of.map((l) => `${l}\n`).join('');

/** The records a file holds, resolved, by id (tombstones included). */
function recordsOf(file: string): Record<string, string> {
  const set = collectRecords([decodeWorklogFile(file, FILE)]);
  return Object.fromEntries([...set.records, ...set.tombstones].map((l) => [l.record.id, encoded(l.record)]).sort());
}

function idsPerLine(file: string): string[] {
  return decodeWorklogFile(file, FILE).lines.map((l) => l.record.id);
}

function otherLines(file: string): string[] {
  const records = new Set(decodeWorklogFile(file, FILE).lines.map((l) => l.line));
  return file.split('\n').slice(0, -1).filter((_, i) => !records.has(i + 1) && _.trim() !== '').sort();
}

describe('record resolution (properties)', () => {
  it('is commutative: any order of the versions gives the same record', () => {
    fc.assert(fc.property(versions.chain((vs) => fc.tuple(fc.constant(vs), fc.shuffledSubarray(vs, { minLength: vs.length, maxLength: vs.length }))), ([vs, shuffled]) => {
      expect(encoded(resolveRecordVersions(shuffled))).to.equal(encoded(resolveRecordVersions(vs)));
    }), { numRuns: RUNS });
  });

  it('is associative: any grouping of the versions gives the same record', () => {
    fc.assert(fc.property(versionOf('A'), versionOf('A'), versionOf('A'), (a, b, c) => {
      const whole = encoded(join(a, b, c));
      expect(encoded(join(join(a, b), c))).to.equal(whole);
      expect(encoded(join(a, join(b, c)))).to.equal(whole);
    }), { numRuns: RUNS });
  });

  it('is idempotent: repeating versions or the result changes nothing', () => {
    fc.assert(fc.property(versions, (vs) => {
      const once = encoded(resolveRecordVersions(vs));
      expect(encoded(resolveRecordVersions([...vs, ...vs]))).to.equal(once);
      expect(encoded(join(resolveRecordVersions(vs), ...vs))).to.equal(once);
      expect(encoded(join(resolveRecordVersions(vs)))).to.equal(once);
    }), { numRuns: RUNS });
  });

  it('never loses a tombstone to an older version, and the newest version always wins', () => {
    fc.assert(fc.property(versions, (vs) => {
      const result = resolveRecordVersions(vs);
      const newest = Math.max(...vs.map(versionMs));
      expect(versionMs(result)).to.equal(newest);
      const tombstones = vs.filter((v) => v.deleted !== undefined);
      if (tombstones.length > 0 && Math.max(...tombstones.map(versionMs)) >= newest) expect(result.deleted, 'a tombstone at least as new as every version').to.be.a('string');
      const links = vs.flatMap((v) => (v.jira === undefined ? [] : [Date.parse(v.jira.syncedAt)]));
      if (links.length > 0) expect(Date.parse(result.jira?.syncedAt ?? '')).to.equal(Math.max(...links));
    }), { numRuns: RUNS });
  });

  it('a month file in any line order, or cut and concatenated, canonicalises to the same records', () => {
    fc.assert(fc.property(lines.chain((ls) => fc.tuple(fc.constant(ls), fc.shuffledSubarray(ls, { minLength: ls.length, maxLength: ls.length }), fc.nat(ls.length))), ([ls, shuffled, cut]) => {
      const file = text(ls);
      const canonical = canonicalWorklogText(file, FILE);
      const records = recordsOf(file);
      expect(recordsOf(canonical)).to.deep.equal(records);
      expect(recordsOf(canonicalWorklogText(text(shuffled), FILE))).to.deep.equal(records);
      const [head, tail] = [text(ls.slice(0, cut)), text(ls.slice(cut))];
      expect(recordsOf(canonicalWorklogText(canonicalWorklogText(tail, FILE) + canonicalWorklogText(head, FILE), FILE))).to.deep.equal(records);
    }), { numRuns: FILE_RUNS });
  });

  it('a canonical file has one line per id, keeps every malformed line, and canonicalising it again changes nothing', () => {
    fc.assert(fc.property(lines, (ls) => {
      const file = text(ls);
      const canonical = canonicalWorklogText(file, FILE);
      const ids = idsPerLine(canonical);
      expect(ids).to.deep.equal([...new Set(idsPerLine(file))]);
      expect(otherLines(canonical)).to.deep.equal(otherLines(file));
      expect(canonicalWorklogText(canonical, FILE)).to.equal(canonical);
    }), { numRuns: FILE_RUNS });
  });
});

/** A base and two sides made from it as people do: lines kept, lines dropped, new versions appended. */
const threeWay = lines.chain((base) => fc.record({
  base: fc.constant(base),
  ours: fc.tuple(fc.subarray(base), lines).map(([kept, added]) => [...kept, ...added]),
  theirs: fc.tuple(fc.subarray(base), lines).map(([kept, added]) => [...kept, ...added]),
}));

function rawsById(file: string): Map<string, string> {
  const byId = new Map<string, Set<string>>();
  for (const l of decodeWorklogFile(file, FILE).lines) byId.set(l.record.id, (byId.get(l.record.id) ?? new Set()).add(l.raw));
  return new Map([...byId].map(([id, raws]) => [id, [...raws].sort().join('\n')]));
}

describe('mergeWorklogFiles (properties)', () => {
  it('ours and theirs are symmetric in the resulting records', () => {
    fc.assert(fc.property(threeWay, ({ base, ours, theirs }) => {
      expect(recordsOf(mergeWorklogFiles(text(base), text(theirs), text(ours)))).to.deep.equal(recordsOf(mergeWorklogFiles(text(base), text(ours), text(theirs))));
    }), { numRuns: MERGE_RUNS });
  });

  it('merging a file with itself gives its canonical form, whatever the base', () => {
    fc.assert(fc.property(threeWay, ({ base, ours }) => {
      const file = text(ours);
      expect(mergeWorklogFiles(file, file, file)).to.equal(canonicalWorklogText(file, FILE));
      expect(recordsOf(mergeWorklogFiles(text(base), file, file))).to.deep.equal(recordsOf(file));
    }), { numRuns: MERGE_RUNS });
  });

  it('loses nothing newer: every id a side changed is in the result as the join of both sides', () => {
    fc.assert(fc.property(threeWay, ({ base, ours, theirs }) => {
      const merged = mergeWorklogFiles(text(base), text(ours), text(theirs));
      const result = recordsOf(merged);
      const [inBase, inOurs, inTheirs] = [rawsById(text(base)), rawsById(text(ours)), rawsById(text(theirs))];
      const both = recordsOf(text([...ours, ...theirs]));
      for (const id of new Set([...inOurs.keys(), ...inTheirs.keys()])) {
        const changedByOne = [inOurs, inTheirs].some((side) => side.has(id) && side.get(id) !== inBase.get(id));
        if (changedByOne || (inOurs.has(id) && inTheirs.has(id))) expect(result[id], `id ${id}`).to.equal(both[id]);
        else expect(result[id], `id ${id} one side left unchanged, the other took out`).to.equal(undefined);
      }
      expect(idsPerLine(merged)).to.have.length(new Set(idsPerLine(merged)).size);
    }), { numRuns: MERGE_RUNS });
  });
});
