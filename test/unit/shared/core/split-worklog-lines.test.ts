import { expect } from 'chai';
import { splitWorklogLines } from '../../../../shared/core/split-worklog-lines.ts';

describe('splitWorklogLines', () => {
  const cases: [string, string, string, [string, string][]][] = [
    ['empty', '', '', []],
    ['one line without newline', 'a', '', [['a', '']]],
    ['one line with newline', 'a\n', '', [['a', '\n']]],
    ['CRLF and LF', 'a\r\nb\nc', '', [['a', '\r\n'], ['b', '\n'], ['c', '']]],
    ['blank lines', '\n\r\n\n', '', [['', '\n'], ['', '\r\n'], ['', '\n']]],
    ['a BOM', '\uFEFFa\n', '\uFEFF', [['a', '\n']]],
    ['a lone CR inside a line', 'a\rb\n', '', [['a\rb', '\n']]],
  ];
  for (const [name, text, bom, lines] of cases) {
    it(`splits ${name}`, () => {
      const split = splitWorklogLines(text);
      expect(split.bom).to.equal(bom);
      expect(split.lines.map((l) => [l.content, l.terminator])).to.deep.equal(lines);
      expect(split.lines.map((l) => l.line)).to.deep.equal(lines.map((_, i) => i + 1));
      expect(split.bom + split.lines.map((l) => l.content + l.terminator).join('')).to.equal(text);
    });
  }
});
