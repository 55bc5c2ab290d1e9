import { expect } from 'chai';
import { decodeWorklogFile } from '../../../../shared/core/decode-worklog-file.ts';
import { encodeWorklogRecord } from '../../../../shared/core/encode-worklog-record.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';
import { canonicalWorklogText, planWorklogWrites } from '../../../../shared/core/write-worklog-files.ts';
import type { FileRecords, WorklogText } from '../../../../shared/core/write-worklog-files.ts';
import type { WorklogRecord } from '../../../../shared/core/worklog-record.ts';
import { A1, A2, A_DELETED, B, BROKEN, C, FEB, file, HAND, ID_A, ID_B, ID_C, line, LINK, MAR, version } from '../../../support/record-versions.ts';

const BOM = '\uFEFF';
const HAND_ID = decodeWorklogFile(`${HAND}\n`, FEB).lines[0]!.record.id;

describe('canonicalWorklogText', () => {
  const cases: [string, string, FileRecords, string][] = [
    ['an empty file stays empty', '', new Map(), ''],
    ['a canonical file stays byte for byte', file(A1, B), new Map(), file(A1, B)],
    ['two versions of one id become the winner, where the id first appears', file(A1, B, A2), new Map(), file(A2, B)],
    ['the winner also when it stands first', file(A2, B, A1), new Map(), file(A2, B)],
    ['a tombstone wins over older versions and keeps its fields', file(A1, A_DELETED, A2), new Map(), file(A_DELETED)],
    ['CRLF line ends stay', `${A1}\r\n${B}\r\n${A2}\r\n`, new Map(), `${A2}\r\n${B}\r\n`],
    ['a BOM stays in front', `${BOM}${A1}\n${A2}\n`, new Map(), `${BOM}${A2}\n`],
    ['a missing final newline is added', `${B}\n${A1}`, new Map(), file(B, A1)],
    ['malformed and blank lines stay where they are, byte for byte', `${A1}\n${BROKEN}\n${A2}\n\n  \n${B}`, new Map(), `${A2}\n${BROKEN}\n\n  \n${B}\n`],
    ['a hand-written line without id stays as written', file(HAND, B), new Map(), file(HAND, B)],
    ['the winner keeps the newest Jira link of any version', file(line(ID_A, { jira: LINK }), A2), new Map(), file(line(ID_A, { time: '2h', updated: '2026-02-14T10:00:00.000Z', jira: LINK }))],
    ['a given record replaces its line in place', file(A1, B), new Map([[ID_A, version(ID_A, { time: '3h' })]]), file(line(ID_A, { time: '3h' }), B)],
    ['a given record replaces every copy of its id, at the first', file(A1, B, A2), new Map([[ID_A, version(ID_A, { time: '3h' })]]), file(line(ID_A, { time: '3h' }), B)],
    ['a new record goes to the end', file(A1, BROKEN), new Map([[ID_C, version(ID_C, { issue: 'APP-3' })]]), file(A1, BROKEN, C)],
    ['null takes an id out of the file (a move to another month)', file(A1, B, A2), new Map([[ID_A, null]]), file(B)],
    ['a hand-written line given its own record stays as written', file(HAND), new Map([[HAND_ID, decodeWorklogFile(`${HAND}\n`, FEB).lines[0]!.record]]), file(HAND)],
    ['a hand-written line given an edit gets its derived id pinned', file(HAND), new Map([[HAND_ID, { ...decodeWorklogFile(`${HAND}\n`, FEB).lines[0]!.record, time: '2h' }]]), file(encodeWorklogRecord({ id: HAND_ID, issue: 'APP-7', author: 'sarah', time: '2h', started: '2026-02-11T09:00:00+01:00' }))],
  ];
  for (const [name, text, records, expected] of cases) {
    it(name, () => {
      expect(canonicalWorklogText(text, FEB, records)).to.equal(expected);
    });
  }

  it('refuses to write a record that would read back as malformed, and names the issue', () => {
    const bad = version(ID_C, { issue: 'APP-3', time: 'forever' });
    expect(() => canonicalWorklogText('', FEB, new Map([[ID_C, bad]]))).to.throw(ValidationError, /invalid worklog record for APP-3/);
  });
});

describe('planWorklogWrites', () => {
  const march = (overrides: Partial<WorklogRecord> = {}): WorklogRecord => version(ID_A, { started: '2026-03-02T09:00:00.000+01:00', updated: '2026-02-14T12:00:00.000Z', ...overrides });
  const cases: [string, WorklogText[], WorklogRecord[], Record<string, string>][] = [
    ['a first record creates the month file', [], [version(ID_A)], { [FEB]: file(A1) }],
    ['a new record is appended after malformed lines', [{ path: FEB, text: `${B}\n${BROKEN}` }], [version(ID_A)], { [FEB]: `${B}\n${BROKEN}\n${A1}\n` }],
    ['an edit replaces the line in place', [{ path: FEB, text: file(A1, B) }], [version(ID_A, { time: '2h', updated: '2026-02-14T10:00:00.000Z' })], { [FEB]: file(A2, B) }],
    ['an edit resolves stale copies of its id into one line', [{ path: FEB, text: file(A1, B, A1) }], [version(ID_A, { time: '2h', updated: '2026-02-14T10:00:00.000Z' })], { [FEB]: file(A2, B) }],
    ['a write older than the file changes nothing (never undoes a newer version)', [{ path: FEB, text: file(A2, B) }], [version(ID_A, { time: '3h', updated: '2026-02-14T09:30:00.000Z' })], {}],
    ['a write older than a tombstone does not revive it', [{ path: FEB, text: file(A_DELETED) }], [version(ID_A, { time: '3h', updated: '2026-02-14T10:30:00.000Z' })], {}],
    ['an unchanged record changes no file', [{ path: FEB, text: file(A1, B) }], [version(ID_A)], {}],
    ['an older write with a Jira link adds the link to the newer version', [{ path: FEB, text: file(A2) }], [version(ID_A, { jira: LINK })], { [FEB]: file(line(ID_A, { time: '2h', updated: '2026-02-14T10:00:00.000Z', jira: LINK })) }],
    ['a new started month moves the line between month files', [{ path: FEB, text: file(A1, B) }, { path: MAR, text: file(C) }], [march()], { [FEB]: file(B), [MAR]: file(C, encodeWorklogRecord(march())) }],
    ['a stale copy in another month file leaves it', [{ path: FEB, text: file(A1) }, { path: MAR, text: file(C, encodeWorklogRecord(march({ updated: '2026-02-14T08:00:00.000Z' }))) }], [version(ID_A, { time: '2h', updated: '2026-02-14T10:00:00.000Z' })], { [FEB]: file(A2), [MAR]: file(C) }],
    ['the last record leaving a file empties it', [{ path: FEB, text: file(A1) }], [march()], { [FEB]: '', [MAR]: file(encodeWorklogRecord(march())) }],
    ['several puts land in one write per file', [{ path: FEB, text: file(A1) }], [version(ID_B, { issue: 'APP-2' }), version(ID_C, { issue: 'APP-3' })], { [FEB]: file(A1, B, C) }],
  ];
  for (const [name, files, puts, expected] of cases) {
    it(name, () => {
      expect(Object.fromEntries(planWorklogWrites(files, puts, 'worklogs'))).to.deep.equal(expected);
    });
  }

  it('uses the configured worklog directory', () => {
    expect([...planWorklogWrites([], [version(ID_B, { issue: 'APP-2' })], 'time/logs').keys()]).to.deep.equal(['time/logs/2026-02.jsonl']);
  });
});
