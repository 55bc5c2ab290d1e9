import { expect } from 'chai';
import { ReverseAuthorMap } from '../../../../controller/from-jira/reverse-author-map.ts';

const AUTHORS = [
  { name: 'john.mcmullan', accountId: '5f60aaa', username: 'jmcmullan', timezone: 'Europe/Dublin' },
  { name: 'sarah.jones', accountId: '5f60bbb', username: 'sjones' },
];

describe('ReverseAuthorMap', () => {
  it('maps Cloud accountIds and Data Center user names to tract authors', () => {
    expect(new ReverseAuthorMap(AUTHORS, 'cloud').resolve({ accountId: '5f60aaa' }).author).to.equal('john.mcmullan');
    expect(new ReverseAuthorMap(AUTHORS, 'datacenter').resolve({ name: 'sjones' }).author).to.equal('sarah.jones');
  });

  it('falls back to jira:<accountId> or jira:<name> for identities it does not know', () => {
    expect(new ReverseAuthorMap(AUTHORS, 'cloud').resolve({ accountId: '70121:abc', displayName: 'Eve' }).author).to.equal('jira:70121:abc');
    expect(new ReverseAuthorMap(AUTHORS, 'datacenter').resolve({ name: 'eve' }).author).to.equal('jira:eve');
  });

  it('lets the tract property name the author of a service-account post', () => {
    expect(new ReverseAuthorMap(AUTHORS, 'cloud').resolve({ accountId: 'service' }, 'john.mcmullan')).to.deep.equal({ author: 'john.mcmullan', onBehalf: true, timezone: 'Europe/Dublin' });
  });
});
