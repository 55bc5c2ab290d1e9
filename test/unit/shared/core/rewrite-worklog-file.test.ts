import { expect } from 'chai';
import { decodeWorklogFile } from '../../../../shared/core/decode-worklog-file.ts';
import { encodeWorklogRecord } from '../../../../shared/core/encode-worklog-record.ts';
import { rewriteWorklogFile } from '../../../../shared/core/rewrite-worklog-file.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';
import type { WorklogRecord } from '../../../../shared/core/worklog-record.ts';

const ID = '01950f4e-8a3b-7c4d-8e5f-0123456789ab';
const NEW: WorklogRecord = { id: ID, issue: 'APP-9', author: 'john', time: '1h', started: '2026-02-20T09:00:00.000+01:00' };
// Hand-formatted good lines (spaces, no id) and malformed ones, as people write them.
const GOOD_1 = '{ "issue": "APP-1", "author": "john", "time": "2h", "started": "2026-02-14T09:00:00+01:00", "zz": 1 }';
const BAD_JSON = '{"issue": "APP-1", oops';
const GOOD_3 = '{"issue":"APP-2","author":"sarah","time":"30m","started":"2026-02-14T10:00:00Z"}';
const BAD_FIELD = '{"issue":"APP-3","author":"john","time":"forever","started":"2026-02-14T11:00:00Z"}';
const TEXT = `${GOOD_1}\n${BAD_JSON}\n${GOOD_3}\n\n${BAD_FIELD}\n`;

function recordAt(text: string, line: number): WorklogRecord {
  return decodeWorklogFile(text, 'f').lines.find((l) => l.line === line)!.record;
}

describe('rewriteWorklogFile', () => {
  it('leaves the text as it is for an empty edit', () => {
    expect(rewriteWorklogFile(TEXT, {})).to.equal(TEXT);
  });

  it('replaces one line and keeps every other line byte for byte, malformed ones included', () => {
    const edited = { ...recordAt(TEXT, 3), time: '45m' };
    const out = rewriteWorklogFile(TEXT, { replace: new Map([[3, edited]]) });
    expect(out).to.equal(`${GOOD_1}\n${BAD_JSON}\n${encodeWorklogRecord(edited)}\n\n${BAD_FIELD}\n`);
  });

  it('pins a derived id and keeps unknown fields when it replaces a hand-written line', () => {
    const record = recordAt(TEXT, 1);
    const out = rewriteWorklogFile(TEXT, { replace: new Map([[1, { ...record, comment: 'now linked' }]]) });
    const first = out.split('\n')[0]!;
    expect(JSON.parse(first)).to.deep.equal({ id: record.id, issue: 'APP-1', author: 'john', time: '2h', started: '2026-02-14T09:00:00+01:00', comment: 'now linked', zz: 1 });
    expect(recordAt(out, 1).id).to.equal(record.id);
  });

  it('removes lines and appends records', () => {
    const out = rewriteWorklogFile(TEXT, { remove: new Set([1, 3]), append: [NEW] });
    expect(out).to.equal(`${BAD_JSON}\n\n${BAD_FIELD}\n${encodeWorklogRecord(NEW)}\n`);
  });

  it('adds the missing final newline before appending', () => {
    expect(rewriteWorklogFile(GOOD_3, { append: [NEW] })).to.equal(`${GOOD_3}\n${encodeWorklogRecord(NEW)}\n`);
    expect(rewriteWorklogFile(BAD_JSON, {})).to.equal(`${BAD_JSON}\n`);
  });

  it('appends to an empty file', () => {
    expect(rewriteWorklogFile('', { append: [NEW] })).to.equal(`${encodeWorklogRecord(NEW)}\n`);
  });

  it('returns an empty text when the last line is removed', () => {
    expect(rewriteWorklogFile(`${GOOD_3}\n`, { remove: new Set([1]) })).to.equal('');
  });

  it('keeps CRLF line ends and the BOM of untouched lines', () => {
    const text = `\uFEFF${GOOD_1}\r\n${BAD_JSON}\r\n${GOOD_3}\r\n`;
    const edited = { ...recordAt(text, 3), time: '45m' };
    const out = rewriteWorklogFile(text, { replace: new Map([[3, edited]]), append: [NEW] });
    expect(out).to.equal(`\uFEFF${GOOD_1}\r\n${BAD_JSON}\r\n${encodeWorklogRecord(edited)}\r\n${encodeWorklogRecord(NEW)}\n`);
  });

  const refused: [string, Parameters<typeof rewriteWorklogFile>[1], RegExp][] = [
    ['replacing a line that is not JSON', { replace: new Map([[2, NEW]]) }, /line 2: it is malformed/],
    ['removing a line with a bad field', { remove: new Set([5]) }, /line 5: it is malformed/],
    ['removing a blank line', { remove: new Set([4]) }, /line 4: it is malformed or blank/],
    ['a line past the end', { remove: new Set([6]) }, /line 6: the file has 5 lines/],
    ['line 0', { replace: new Map([[0, NEW]]) }, /line 0: the file has 5 lines/],
    ['a fractional line', { remove: new Set([1.5]) }, /line 1.5/],
    ['replacing and removing the same line', { replace: new Map([[1, NEW]]), remove: new Set([1]) }, /both replace and remove line 1/],
    ['writing an invalid record', { replace: new Map([[1, { ...NEW, issue: 'bad' }]]) }, /invalid worklog record.*issue/],
    ['appending an invalid record', { append: [{ ...NEW, time: '0m' }] }, /invalid worklog record.*time/],
  ];
  for (const [name, edit, message] of refused) {
    it(`refuses ${name}`, () => {
      expect(() => rewriteWorklogFile(TEXT, edit)).to.throw(ValidationError, message);
    });
  }
});
