import { expect } from 'chai';
import { adfToText, textToAdf } from '../../../../shared/jira/adf.ts';

describe('adf', () => {
  it('turns text into one paragraph per line and back', () => {
    const doc = textToAdf('Fixed bug\n\nSee PR 12');
    expect(doc).to.deep.equal({
      type: 'doc', version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Fixed bug' }] },
        { type: 'paragraph' },
        { type: 'paragraph', content: [{ type: 'text', text: 'See PR 12' }] },
      ],
    });
    expect(adfToText(doc)).to.equal('Fixed bug\n\nSee PR 12');
  });

  it('reads hard breaks, mentions and v2 plain strings', () => {
    const doc = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [
      { type: 'text', text: 'Paired with ' }, { type: 'mention', attrs: { text: '@Sarah' } }, { type: 'hardBreak' }, { type: 'text', text: 'done' },
    ] }] };
    expect(adfToText(doc)).to.equal('Paired with @Sarah\ndone');
    expect(adfToText('plain v2 comment')).to.equal('plain v2 comment');
    expect(adfToText(null)).to.equal('');
  });
});
