import { expect } from 'chai';
import fc from 'fast-check';
import { decodeWorklogFile } from '../../../../shared/core/decode-worklog-file.ts';
import { encodeWorklogRecord } from '../../../../shared/core/encode-worklog-record.ts';
import type { WorklogRecord } from '../../../../shared/core/worklog-record.ts';

const FILE = 'worklogs/2026-02.jsonl';
const ID = '01950f4e-8a3b-7c4d-8e5f-0123456789ab';
const BASE: WorklogRecord = { id: ID, issue: 'APP-1', author: 'john', time: '2h', started: '2026-02-14T09:00:00.000+01:00' };

function decodeOne(text: string): WorklogRecord {
  const decoded = decodeWorklogFile(text, FILE);
  expect(decoded.problems).to.deep.equal([]);
  return decoded.lines[0]!.record;
}

describe('encodeWorklogRecord', () => {
  it('writes the required fields compactly on one line', () => {
    expect(encodeWorklogRecord(BASE)).to.equal(
      `{"id":"${ID}","issue":"APP-1","author":"john","time":"2h","started":"2026-02-14T09:00:00.000+01:00"}`,
    );
  });

  it('writes keys in contract order, then extra in its own order', () => {
    const record: WorklogRecord = {
      extra: { zeta: 1, alpha: [true] },
      updated: '2026-02-15T10:00:00.000+01:00',
      jira: { syncedAt: '2026-02-14T09:01:00.000Z', issueId: '12345', worklogId: '10234' },
      source: 'jira',
      comment: 'Fixed bug',
      ...BASE,
    };
    const keys = Object.keys(JSON.parse(encodeWorklogRecord(record)) as object);
    expect(keys).to.deep.equal(['id', 'issue', 'author', 'time', 'started', 'comment', 'source', 'jira', 'updated', 'zeta', 'alpha']);
    expect(encodeWorklogRecord(record)).to.include('"jira":{"worklogId":"10234","issueId":"12345","syncedAt":"2026-02-14T09:01:00.000Z"}');
  });

  it('omits undefined optionals and never writes idDerived', () => {
    const record: WorklogRecord = { ...BASE, comment: undefined, source: undefined, idDerived: true, extra: { kept: 1, gone: undefined } };
    expect(Object.keys(JSON.parse(encodeWorklogRecord(record)) as object)).to.deep.equal(['id', 'issue', 'author', 'time', 'started', 'kept']);
  });

  it('always writes the id, pinning a derived one', () => {
    const text = '{"issue":"APP-1","author":"john","time":"2h","started":"2026-02-14T08:00:00Z"}';
    const record = decodeOne(text);
    expect(JSON.parse(encodeWorklogRecord(record))).to.have.property('id', 'h-5378b1c5537602db');
  });

  it('lets a known field win over an extra key of the same name', () => {
    const record: WorklogRecord = { ...BASE, extra: { issue: 'APP-9', other: 2 } };
    expect(encodeWorklogRecord(record)).to.equal(
      `{"id":"${ID}","issue":"APP-1","author":"john","time":"2h","started":"2026-02-14T09:00:00.000+01:00","other":2}`,
    );
  });

  it('escapes newlines and quotes so the record stays on one line', () => {
    const line = encodeWorklogRecord({ ...BASE, comment: 'two\nlines "quoted"\u2028' });
    expect(line).to.not.match(/[\n\r]/);
    expect(decodeOne(line).comment).to.equal('two\nlines "quoted"\u2028');
  });

  it('preserves unknown fields through decode → encode, in order', () => {
    const text = `{"future":{"a":1},"issue":"APP-1","author":"john","time":"2h","started":"2026-02-14T09:00:00.000+01:00","id":"${ID}","x":[1,"two"],"n":null}`;
    expect(encodeWorklogRecord(decodeOne(text))).to.equal(
      `{"id":"${ID}","issue":"APP-1","author":"john","time":"2h","started":"2026-02-14T09:00:00.000+01:00","future":{"a":1},"x":[1,"two"],"n":null}`,
    );
  });

  it('re-encodes a line it wrote byte for byte', () => {
    const line = encodeWorklogRecord({ ...BASE, comment: 'c', source: 'tract', extra: { k: 'v' } });
    expect(encodeWorklogRecord(decodeOne(line))).to.equal(line);
  });
});

const KNOWN = new Set(['id', 'issue', 'author', 'time', 'started', 'comment', 'source', 'jira', 'updated']);
const isoInstant = fc
  .tuple(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -12 * 4, max: 14 * 4 }))
  .map(([date, quarters]) => {
    const offsetMinutes = quarters * 15;
    const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return `${local}${offset}`;
  });
const issue = fc.tuple(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,9}$/), fc.integer({ min: 1, max: 999_999 })).map(([key, n]) => `${key}-${n}`);
const time = fc.oneof(
  fc.integer({ min: 1, max: 59 }).map((m) => `${m}m`),
  fc.integer({ min: 1, max: 24 }).map((h) => `${h}h`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 59 })).map(([h, m]) => `${h}h ${m}m`),
  fc.constantFrom('1.5h', '1.25h', '1d', '1w', '1h30m'),
);
const extraKey = fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !KNOWN.has(key) && !/^\d+$/.test(key));
const record: fc.Arbitrary<WorklogRecord> = fc.record(
  {
    id: fc.uuid({ version: 7 }),
    issue,
    author: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
    time,
    started: isoInstant,
    comment: fc.string({ maxLength: 40 }),
    source: fc.constantFrom('tract' as const, 'jira' as const),
    jira: fc.record({ worklogId: fc.stringMatching(/^[1-9][0-9]{0,8}$/), issueId: fc.stringMatching(/^[1-9][0-9]{0,8}$/), syncedAt: isoInstant }),
    updated: isoInstant,
    // JSON has no -0: the value a line can hold is what survives JSON.
    extra: fc.dictionary(extraKey, fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown), { minKeys: 1, maxKeys: 4 }),
  },
  { requiredKeys: ['id', 'issue', 'author', 'time', 'started'] },
);

describe('encodeWorklogRecord ∘ decodeWorklogFile (property)', () => {
  it('decode(encode(r)) equals r for every valid record', () => {
    fc.assert(
      fc.property(record, (r) => {
        const decoded = decodeWorklogFile(`${encodeWorklogRecord(r)}\n`, FILE);
        expect(decoded.problems).to.deep.equal([]);
        expect(decoded.lines[0]!.record).to.deep.equal(r);
      }),
      { numRuns: 500 },
    );
  });
});
