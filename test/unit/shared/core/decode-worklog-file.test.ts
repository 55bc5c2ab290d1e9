import { expect } from 'chai';
import { decodeWorklogFile } from '../../../../shared/core/decode-worklog-file.ts';
import type { WorklogProblem } from '../../../../shared/core/decode-worklog-file.ts';
import { deriveRecordId } from '../../../../shared/core/record-id.ts';

const FILE = 'worklogs/2026-02.jsonl';
const GOOD = { issue: 'APP-1', author: 'john', time: '2h', started: '2026-02-14T09:00:00.000+01:00' };
const ID = '01950f4e-8a3b-7c4d-8e5f-0123456789ab';

function line(fields: Record<string, unknown>): string {
  return JSON.stringify(fields);
}

function problemsOf(fields: Record<string, unknown>): WorklogProblem[] {
  return decodeWorklogFile(line(fields), FILE).problems;
}

describe('decodeWorklogFile — field rules', () => {
  const valid: [string, Record<string, unknown>][] = [
    ['the four required fields', GOOD],
    ['issue with digits and underscore in the project', { ...GOOD, issue: 'A_B2-1234' }],
    ['started with Z', { ...GOOD, started: '2026-02-14T08:00:00.000Z' }],
    ['started without milliseconds', { ...GOOD, started: '2026-02-14T09:00:00+01:00' }],
    ['started without seconds', { ...GOOD, started: '2026-02-14T09:00+01:00' }],
    ['started with a +0100 offset', { ...GOOD, started: '2026-02-14T09:00:00.000+0100' }],
    ['started with a negative offset', { ...GOOD, started: '2026-01-31T23:30:00.000-05:00' }],
    ['a UUIDv7 id', { id: ID, ...GOOD }],
    ['a derived id', { id: 'h-5378b1c5537602db', ...GOOD }],
    ['time 1h 30m', { ...GOOD, time: '1h 30m' }],
    ['time 1.5h', { ...GOOD, time: '1.5h' }],
    ['an empty comment', { ...GOOD, comment: '' }],
    ['source tract', { ...GOOD, source: 'tract' }],
    ['source jira', { ...GOOD, source: 'jira' }],
    ['a jira link', { ...GOOD, jira: { worklogId: '10234', issueId: '12345', syncedAt: '2026-02-14T09:01:00.000Z' } }],
    ['updated', { ...GOOD, updated: '2026-02-15T10:00:00.000+01:00' }],
  ];
  for (const [name, fields] of valid) {
    it(`accepts ${name}`, () => {
      const decoded = decodeWorklogFile(line(fields), FILE);
      expect(decoded.problems).to.deep.equal([]);
      expect(decoded.lines).to.have.length(1);
    });
  }

  const invalid: [string, Record<string, unknown>, string, string][] = [
    ['issue missing', { ...GOOD, issue: undefined }, 'issue: a Jira issue key such as APP-123', 'missing'],
    ['issue lower case', { ...GOOD, issue: 'app-1' }, 'issue: a Jira issue key such as APP-123', '"app-1"'],
    ['issue number 0', { ...GOOD, issue: 'APP-0' }, 'issue: a Jira issue key such as APP-123', '"APP-0"'],
    ['issue leading digit', { ...GOOD, issue: '1APP-1' }, 'issue: a Jira issue key such as APP-123', '"1APP-1"'],
    ['issue a number', { ...GOOD, issue: 1 }, 'issue: a Jira issue key such as APP-123', '1'],
    ['author missing', { ...GOOD, author: undefined }, 'author: a non-empty tract user name', 'missing'],
    ['author empty', { ...GOOD, author: '' }, 'author: a non-empty tract user name', '""'],
    ['author blank', { ...GOOD, author: '  ' }, 'author: a non-empty tract user name', '"  "'],
    ['author an object', { ...GOOD, author: { name: 'john' } }, 'author: a non-empty tract user name', '{"name":"john"}'],
    ['time missing', { ...GOOD, time: undefined }, 'time: a duration such as 2h, 30m, 1.5h or 1h 30m', 'missing'],
    ['time not a duration', { ...GOOD, time: 'abc' }, 'time: a duration such as 2h, 30m, 1.5h or 1h 30m', '"abc"'],
    ['time in seconds', { ...GOOD, time: '30s' }, 'time: a duration such as 2h, 30m, 1.5h or 1h 30m', '"30s"'],
    ['time a number', { ...GOOD, time: 7200 }, 'time: a duration such as 2h, 30m, 1.5h or 1h 30m', '7200'],
    ['started missing', { ...GOOD, started: undefined }, 'started: an ISO 8601 time with offset', 'missing'],
    ['started without offset', { ...GOOD, started: '2026-02-14T09:00:00.000' }, 'started: an ISO 8601 time with offset', '"2026-02-14T09:00:00.000"'],
    ['started a date only', { ...GOOD, started: '2026-02-14' }, 'started: an ISO 8601 time with offset', '"2026-02-14"'],
    ['started February 30', { ...GOOD, started: '2026-02-30T09:00:00Z' }, 'started: an ISO 8601 time with offset', '"2026-02-30T09:00:00Z"'],
    ['started a number', { ...GOOD, started: 1771056000000 }, 'started: an ISO 8601 time with offset', '1771056000000'],
    ['id not a UUID', { ...GOOD, id: 'abc' }, 'id: a UUID, or h- followed by 16 lower-case hex digits', '"abc"'],
    ['id a number', { ...GOOD, id: 7 }, 'id: a UUID, or h- followed by 16 lower-case hex digits', '7'],
    ['comment a number', { ...GOOD, comment: 5 }, 'comment: a string', '5'],
    ['comment null', { ...GOOD, comment: null }, 'comment: a string', 'null'],
    ['source unknown', { ...GOOD, source: 'git' }, 'source: "tract" or "jira"', '"git"'],
    ['jira a string', { ...GOOD, jira: '10234' }, 'jira: an object {"worklogId", "issueId", "syncedAt"}', '"10234"'],
    ['jira.worklogId a number', { ...GOOD, jira: { worklogId: 10234, issueId: '1', syncedAt: '2026-02-14T09:00:00Z' } }, 'jira.worklogId: a Jira worklog id such as "10234"', '10234'],
    ['updated not a time', { ...GOOD, updated: 'yesterday' }, 'updated: an ISO 8601 time with offset', '"yesterday"'],
  ];
  for (const [name, fields, expected, found] of invalid) {
    it(`rejects ${name}`, () => {
      const problems = problemsOf(fields);
      expect(problems).to.have.length(1);
      const [problem] = problems;
      expect(problem).to.include({ file: FILE, line: 1, found });
      expect(problem!.expected.startsWith(expected), problem!.expected).to.equal(true);
      expect(problem!.message).to.not.include('\n');
      expect(problem!.message.length).to.be.greaterThan(10);
    });
  }

  it('reports every bad field of a line, not just the first', () => {
    const problems = problemsOf({ issue: 'x', author: '', time: '0m', started: 'now', source: 'svn' });
    expect(problems.map((p) => p.expected.split(':')[0])).to.deep.equal(['issue', 'author', 'time', 'started', 'source']);
    expect(problems.every((p) => p.line === 1)).to.equal(true);
  });

  it('reports every missing jira field', () => {
    const problems = problemsOf({ ...GOOD, jira: {} });
    expect(problems.map((p) => p.expected.split(':')[0])).to.deep.equal(['jira.worklogId', 'jira.issueId', 'jira.syncedAt']);
  });

  it('says why a time is not a duration', () => {
    const [problem] = problemsOf({ ...GOOD, time: '30s' });
    expect(problem!.message).to.match(/^time: .*seconds are not supported/);
  });
});

describe('decodeWorklogFile — records', () => {
  it('derives the id of a line without one and marks it', () => {
    const [decoded] = decodeWorklogFile(line(GOOD), FILE).lines;
    expect(decoded!.record).to.deep.equal({ ...GOOD, id: deriveRecordId('APP-1', 'john', GOOD.started), idDerived: true });
  });

  it('keeps a written id and does not mark it derived', () => {
    const [decoded] = decodeWorklogFile(line({ id: ID, ...GOOD }), FILE).lines;
    expect(decoded!.record.id).to.equal(ID);
    expect(decoded!.record).to.not.have.property('idDerived');
  });

  it('keeps unknown fields in extra, in their original order', () => {
    const text = '{"zeta":1,"issue":"APP-1","author":"john","alpha":{"deep":[1,2]},"time":"2h","started":"2026-02-14T09:00:00Z","mid":null}';
    const [decoded] = decodeWorklogFile(text, FILE).lines;
    expect(decoded!.record.extra).to.deep.equal({ zeta: 1, alpha: { deep: [1, 2] }, mid: null });
    expect(Object.keys(decoded!.record.extra!)).to.deep.equal(['zeta', 'alpha', 'mid']);
  });

  it('keeps a field named "__proto__" as an ordinary unknown field', () => {
    const text = '{"issue":"APP-1","author":"john","time":"2h","started":"2026-02-14T09:00:00Z","__proto__":{"polluted":true}}';
    const [decoded] = decodeWorklogFile(text, FILE).lines;
    expect(Object.keys(decoded!.record.extra!)).to.deep.equal(['__proto__']);
    expect((decoded!.record.extra as { polluted?: unknown }).polluted).to.equal(undefined);
  });

  it('gives each line its file, line number and raw text', () => {
    const raw = line(GOOD);
    const decoded = decodeWorklogFile(`\n${raw}\n`, FILE);
    expect(decoded.lines[0]).to.include({ file: FILE, line: 2, raw });
  });
});

describe('decodeWorklogFile — malformed lines among good ones', () => {
  const lines = [
    line({ ...GOOD, comment: 'first' }),
    '{"issue":"APP-1","author":"john",',
    line({ issue: 'APP-2', author: 'john' }),
    line({ ...GOOD, issue: 42, time: true }),
    '{"issue":"APP-1" "author":"john"}',
    line({ ...GOOD, comment: 'second' }),
    '["APP-1","john","2h"]',
    '"just a string"',
    'null',
    line({ ...GOOD, comment: 'third' }),
  ];
  const decoded = decodeWorklogFile(`${lines.join('\n')}\n`, FILE);

  it('decodes every good line', () => {
    expect(decoded.lines.map((l) => [l.line, l.record.comment])).to.deep.equal([
      [1, 'first'],
      [6, 'second'],
      [10, 'third'],
    ]);
  });

  it('reports each problem with the right line number, expected and found', () => {
    const summary = decoded.problems.map((p) => [p.line, p.expected.split(':')[0], p.found]);
    expect(summary).to.deep.equal([
      [2, 'a JSON object on one line', '{"issue":"APP-1","author":"john",'],
      [3, 'time', 'missing'],
      [3, 'started', 'missing'],
      [4, 'issue', '42'],
      [4, 'time', 'true'],
      [5, 'a JSON object on one line', '{"issue":"APP-1" "author":"john"}'],
      [7, 'a JSON object', 'an array'],
      [8, 'a JSON object', 'a string'],
      [9, 'a JSON object', 'null'],
    ]);
    expect(decoded.problems.every((p) => p.file === FILE && !p.message.includes('\n'))).to.equal(true);
  });

  it('shortens a long bad line in found', () => {
    const long = `{"comment":"${'x'.repeat(500)}`;
    const [problem] = decodeWorklogFile(long, FILE).problems;
    expect(problem!.found.length).to.be.at.most(60);
    expect(problem!.message.length).to.be.below(200);
  });
});

describe('decodeWorklogFile — text forms', () => {
  const a = line({ ...GOOD, comment: 'a' });
  const b = line({ ...GOOD, comment: 'b' });
  const cases: [string, string][] = [
    ['LF', `${a}\n${b}\n`],
    ['no final newline', `${a}\n${b}`],
    ['CRLF', `${a}\r\n${b}\r\n`],
    ['mixed line ends', `${a}\r\n${b}\n`],
    ['a BOM on line 1', `\uFEFF${a}\n${b}\n`],
    ['blank and whitespace-only lines', `\n${a}\n\n   \n\t\r\n${b}\n\n`],
  ];
  for (const [name, text] of cases) {
    it(`reads ${name} without problems`, () => {
      const decoded = decodeWorklogFile(text, FILE);
      expect(decoded.problems).to.deep.equal([]);
      expect(decoded.lines.map((l) => l.record.comment)).to.deep.equal(['a', 'b']);
    });
  }

  it('numbers lines as an editor does, blank ones included', () => {
    const decoded = decodeWorklogFile(`\n${a}\n\n   \n\t\r\n${b}\n\n`, FILE);
    expect(decoded.lines.map((l) => l.line)).to.deep.equal([2, 6]);
  });

  it('does not keep the CR or the BOM in raw', () => {
    const decoded = decodeWorklogFile(`\uFEFF${a}\r\n`, FILE);
    expect(decoded.lines[0]!.raw).to.equal(a);
  });

  it('decodes an empty file to nothing', () => {
    expect(decodeWorklogFile('', FILE)).to.deep.equal({ file: FILE, lines: [], problems: [] });
  });
});
