import { expect } from 'chai';
import { boxTable } from '../../../../cli/output/box-table.ts';
import { displayWidth } from '../../../../cli/output/display-width.ts';
import { toCsv } from '../../../../cli/output/csv.ts';
import { shortIds } from '../../../../cli/output/short-ids.ts';
import { statusIndicator } from '../../../../cli/output/status-indicator.ts';
import { palette } from '../../../../cli/output/palette.ts';

describe('cli/output', () => {
  describe('displayWidth', () => {
    const cases: [string, number][] = [
      ['abc', 3],
      ['✓', 1],
      ['✗', 1],
      ['✅', 2],
      ['⚠️', 2],
      ['🔥', 2],
      ['é', 1],
      ['e\u0301', 1],
      ['\u001b[32m✓\u001b[39m ok', 4],
      ['日本', 4],
    ];
    for (const [text, width] of cases) it(`${JSON.stringify(text)} → ${width}`, () => expect(displayWidth(text)).to.equal(width));
  });

  describe('boxTable', () => {
    it('draws a Unicode box, aligns right columns and emoji by display width', () => {
      const table = boxTable(
        [{ header: 'Issue' }, { header: 'Time', align: 'right' }, { header: 'Status' }],
        [['APP-1', '2h', '✅ ok'], 'separator', ['Total', '10h', '⚠️ under']],
      );
      expect(table.split('\n')).to.deep.equal([
        '┌───────┬──────┬──────────┐',
        '│ Issue │ Time │ Status   │',
        '├───────┼──────┼──────────┤',
        '│ APP-1 │   2h │ ✅ ok    │',
        '├───────┼──────┼──────────┤',
        '│ Total │  10h │ ⚠️ under │',
        '└───────┴──────┴──────────┘',
      ]);
    });

    it('cuts cells at maxWidth with an ellipsis and flattens newlines', () => {
      const table = boxTable([{ header: 'C', maxWidth: 6 }], [['one\ntwo three']]);
      expect(table.split('\n')[3]).to.equal('│ one t… │');
    });
  });

  describe('toCsv', () => {
    it('quotes only what needs quoting (RFC 4180)', () => {
      expect(toCsv(['a', 'b', 'c'], [['x', 'with, comma', 'say "hi"'], [1, undefined, ' pad']])).to.equal(
        'a,b,c\nx,"with, comma","say ""hi"""\n1,," pad"\n',
      );
    });
  });

  describe('shortIds', () => {
    it('grows a prefix past 8 only where ids share it', () => {
      const ids = shortIds(['0199aaaa-1111', '0199aaaa-2222', '0199bbbb-3333']);
      expect([...ids.values()]).to.deep.equal(['0199aaaa-1', '0199aaaa-2', '0199bbbb']);
    });
  });

  describe('statusIndicator', () => {
    const cases: [Parameters<typeof statusIndicator>[0], string][] = [
      [{ status: 'ok', target: '8h' }, '✅ target 8h met'],
      [{ status: 'ok', target: '8h', surplus: '30m' }, '✅ target 8h met (+30m)'],
      [{ status: 'under', target: '8h', deficit: '6h' }, '⚠️ 6h under target (8h)'],
      [{ status: 'over', target: '8h', surplus: '2.5h' }, '🔥 2.5h over target (8h)'],
    ];
    for (const [figures, text] of cases) it(text, () => expect(statusIndicator(figures)).to.equal(text));
  });

  describe('palette', () => {
    it('colours only on a TTY, never with NO_COLOR or --no-color', () => {
      expect(palette(true, undefined).green('x')).to.equal('\u001b[32mx\u001b[39m');
      expect(palette(false, undefined).green('x')).to.equal('x');
      expect(palette(true, '1').green('x')).to.equal('x');
      expect(palette(true, undefined, false).green('x')).to.equal('x');
    });
  });
});
