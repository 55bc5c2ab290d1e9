import { expect } from 'chai';
import { ValidationError } from '../../../../shared/core/tract-error.ts';
import { isWorklogFilePath, worklogFilePath } from '../../../../shared/core/worklog-file-path.ts';

describe('worklogFilePath', () => {
  const cases: [string, string | undefined, string][] = [
    ['2026-02-14T09:00:00.000+01:00', undefined, 'worklogs/2026-02.jsonl'],
    ['2026-01-31T23:30:00.000-05:00', undefined, 'worklogs/2026-01.jsonl'],
    ['2026-03-01T00:30:00.000+01:00', undefined, 'worklogs/2026-03.jsonl'],
    ['2026-12-31T23:59:00Z', 'time/logs', 'time/logs/2026-12.jsonl'],
    ['2026-02-14T09:00:00Z', 'time/', 'time/2026-02.jsonl'],
    ['2026-02-14T09:00:00Z', '', '2026-02.jsonl'],
  ];
  for (const [started, dir, path] of cases) {
    it(`puts ${started} in ${path}`, () => {
      expect(worklogFilePath(started, dir)).to.equal(path);
    });
  }

  for (const started of ['', 'yesterday', '2026-13-01T00:00:00Z', '26-02-14T09:00Z']) {
    it(`refuses ${JSON.stringify(started)}`, () => {
      expect(() => worklogFilePath(started)).to.throw(ValidationError, /YYYY-MM/);
    });
  }
});

describe('isWorklogFilePath', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['worklogs/2026-02.jsonl', undefined, true],
    ['worklogs/2026-12.jsonl', undefined, true],
    ['worklogs/2026-13.jsonl', undefined, false],
    ['worklogs/2026-00.jsonl', undefined, false],
    ['worklogs/2026-2.jsonl', undefined, false],
    ['worklogs/2026-02.json', undefined, false],
    ['worklogs/2026-02.jsonl.bak', undefined, false],
    ['worklogs/old/2026-02.jsonl', undefined, false],
    ['other/2026-02.jsonl', undefined, false],
    ['2026-02.jsonl', undefined, false],
    ['time/logs/2026-02.jsonl', 'time/logs', true],
    ['time/logs/2026-02.jsonl', 'time/logs/', true],
    ['worklogs/2026-02.jsonl', 'time/logs', false],
    ['2026-02.jsonl', '', true],
  ];
  for (const [path, dir, expected] of cases) {
    it(`${expected ? 'accepts' : 'rejects'} ${path}${dir === undefined ? '' : ` in ${dir}`}`, () => {
      expect(isWorklogFilePath(path, dir)).to.equal(expected);
    });
  }
});
