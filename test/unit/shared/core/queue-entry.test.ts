import { expect } from 'chai';
import { decodeQueueEntry, encodeQueueEntry, nextQueueFileName, QUEUE_DIR, sortQueueFiles } from '../../../../shared/core/queue-entry.ts';
import type { QueueEntry } from '../../../../shared/core/queue-entry.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

const PATH = '.tract/queue/worklogs/2026-02-14-001.json';
const ENTRY: QueueEntry = {
  version: 1,
  worklogId: '01950f4e-8a3b-7c4d-8e5f-0123456789ab',
  file: 'worklogs/2026-02.jsonl',
  queuedAt: '2026-02-14T09:00:05.000Z',
  reason: 'sync server unreachable',
};

describe('queue entries', () => {
  it('lives in .tract/queue/worklogs', () => {
    expect(QUEUE_DIR).to.equal('.tract/queue/worklogs');
  });

  it('encodes pretty JSON in contract key order with a final newline', () => {
    const shuffled = { reason: ENTRY.reason, file: ENTRY.file, queuedAt: ENTRY.queuedAt, worklogId: ENTRY.worklogId, version: 1 as const };
    expect(encodeQueueEntry(shuffled)).to.equal(
      '{\n  "version": 1,\n  "worklogId": "01950f4e-8a3b-7c4d-8e5f-0123456789ab",\n  "file": "worklogs/2026-02.jsonl",\n' +
        '  "queuedAt": "2026-02-14T09:00:05.000Z",\n  "reason": "sync server unreachable"\n}\n',
    );
  });

  it('decodes what it encodes', () => {
    expect(decodeQueueEntry(encodeQueueEntry(ENTRY), PATH)).to.deep.equal(ENTRY);
  });

  it('decodes the one-line form of docs/records.md and ignores unknown fields', () => {
    const text = JSON.stringify({ ...ENTRY, attempts: 3 });
    expect(decodeQueueEntry(text, PATH)).to.deep.equal(ENTRY);
  });

  const invalid: [string, string, RegExp][] = [
    ['not JSON', '{"version":1,', /not valid JSON/],
    ['an array', '[]', /must be a JSON object/],
    ['null', 'null', /must be a JSON object/],
    ['version 2', JSON.stringify({ ...ENTRY, version: 2 }), /version must be 1, found 2/],
    ['no worklogId', JSON.stringify({ ...ENTRY, worklogId: undefined }), /worklogId must be a record id, found nothing/],
    ['an empty file', JSON.stringify({ ...ENTRY, file: '' }), /file must be a worklog file path/],
    ['a bad queuedAt', JSON.stringify({ ...ENTRY, queuedAt: 'today' }), /queuedAt must be an ISO 8601 time/],
    ['a numeric reason', JSON.stringify({ ...ENTRY, reason: 5 }), /reason must be a string, found 5/],
  ];
  for (const [name, text, message] of invalid) {
    it(`rejects ${name}, naming the path`, () => {
      expect(() => decodeQueueEntry(text, PATH)).to.throw(ValidationError, message).with.property('message').that.includes(PATH);
    });
  }

  it('names every bad field at once', () => {
    const text = JSON.stringify({ version: 1, worklogId: 7, file: 'worklogs/2026-02.jsonl', queuedAt: 'x', reason: 'r' });
    expect(() => decodeQueueEntry(text, PATH)).to.throw(ValidationError, /worklogId must be .*; queuedAt must be/);
  });
});

describe('nextQueueFileName', () => {
  const cases: [string, string[], string][] = [
    ['the first of a day', [], '2026-02-14-001.json'],
    ['after the last', ['2026-02-14-001.json', '2026-02-14-002.json'], '2026-02-14-003.json'],
    ['past a gap, never into it', ['2026-02-14-001.json', '2026-02-14-003.json'], '2026-02-14-004.json'],
    ['ignoring other days', ['2026-02-13-007.json', '2026-02-15-009.json'], '2026-02-14-001.json'],
    ['ignoring other names', ['README.md', '2026-02-14-1.json', '2026-02-14-002.json.tmp'], '2026-02-14-001.json'],
    ['from paths', [`${QUEUE_DIR}/2026-02-14-005.json`], '2026-02-14-006.json'],
    ['past 999', ['2026-02-14-999.json'], '2026-02-14-1000.json'],
    ['past 1000', ['2026-02-14-999.json', '2026-02-14-1000.json'], '2026-02-14-1001.json'],
  ];
  for (const [name, existing, next] of cases) {
    it(`names ${name}`, () => {
      expect(nextQueueFileName(existing, '2026-02-14')).to.equal(next);
    });
  }

  for (const date of ['2026-2-14', '2026-02-30', '2026-13-01', 'today', '2026-02-14T00:00Z']) {
    it(`rejects the date ${date}`, () => {
      expect(() => nextQueueFileName([], date)).to.throw(ValidationError, /YYYY-MM-DD/);
    });
  }
});

describe('sortQueueFiles', () => {
  it('orders by date, then by number, oldest first', () => {
    const names = ['2026-02-14-1000.json', '2026-02-15-001.json', '2026-02-14-010.json', '2026-02-14-002.json', '2026-02-14-999.json', '2026-01-31-005.json'];
    expect(sortQueueFiles(names)).to.deep.equal([
      '2026-01-31-005.json',
      '2026-02-14-002.json',
      '2026-02-14-010.json',
      '2026-02-14-999.json',
      '2026-02-14-1000.json',
      '2026-02-15-001.json',
    ]);
  });

  it('sorts paths by their file names and puts other names last', () => {
    const names = ['notes.txt', `${QUEUE_DIR}/2026-02-14-002.json`, 'a.json', `${QUEUE_DIR}/2026-02-14-001.json`];
    expect(sortQueueFiles(names)).to.deep.equal([`${QUEUE_DIR}/2026-02-14-001.json`, `${QUEUE_DIR}/2026-02-14-002.json`, 'a.json', 'notes.txt']);
  });

  it('does not change its input', () => {
    const names = ['2026-02-14-002.json', '2026-02-14-001.json'];
    sortQueueFiles(names);
    expect(names).to.deep.equal(['2026-02-14-002.json', '2026-02-14-001.json']);
  });
});
