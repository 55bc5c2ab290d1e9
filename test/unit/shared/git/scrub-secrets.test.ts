import { expect } from 'chai';
import { scrubSecrets } from '../../../../shared/git/scrub-secrets.ts';

describe('scrubSecrets', () => {
  it('replaces URL userinfo with ***', () => {
    expect(scrubSecrets("unable to access 'https://user:pass@git.example.com/x.git/'", [])).to.equal("unable to access 'https://***@git.example.com/x.git/'");
    expect(scrubSecrets('ssh://git@host/x and http://tok@h', [])).to.equal('ssh://***@host/x and http://***@h');
  });

  it('replaces every configured secret, also URL-encoded', () => {
    expect(scrubSecrets('a p@ss/word b p%40ss%2Fword c p@ss/word', ['p@ss/word'])).to.equal('a *** b *** c ***');
  });

  it('ignores empty secrets and leaves other text alone', () => {
    expect(scrubSecrets('nothing secret here', ['', 'absent'])).to.equal('nothing secret here');
  });
});
