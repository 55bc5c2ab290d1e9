import { expect } from 'chai';
import { IdentityCache, resolveAuthors } from '../../../../controller/jira/identity-map.ts';
import { AuthError } from '../../../../shared/core/tract-error.ts';
import type { JiraUserRef, JiraWorklogs } from '../../../../shared/jira/jira-worklogs.ts';

/** A Jira whose user search answers from a list, counting the searches. */
function jira(users: JiraUserRef[], failWith?: Error): JiraWorklogs & { searches: string[] } {
  const searches: string[] = [];
  const fake = {
    site: 'https://acme.atlassian.net',
    searches,
    fetchUsersByEmail: async (email: string) => {
      searches.push(email);
      if (failWith) throw failWith;
      return users.filter((u) => u.emailAddress?.startsWith(email) || u.displayName?.toLowerCase().startsWith(email));
    },
  };
  return fake as unknown as JiraWorklogs & { searches: string[] };
}

const SARAH = { accountId: 'acc-sarah', emailAddress: 'sarah.jones@acme.com', displayName: 'Sarah Jones' };
const SARAH2 = { accountId: 'acc-sarah2', emailAddress: 'sarah.jones@acme.com.au', displayName: 'Sarah Jones' };

describe('resolveAuthors (identity map by e-mail)', () => {
  it('keeps accounts written in the spec, fills an e-mail-only entry with the exact match, reports a miss', async () => {
    let now = 0;
    const site = jira([SARAH, SARAH2]);
    const cache = new IdentityCache(() => now);
    const authors = [
      { name: 'john', accountId: 'acc-john', email: 'john@acme.com' },
      { name: 'sarah', email: 'sarah.jones@acme.com' },
      { name: 'ghost', email: 'ghost@acme.com' },
    ];
    const resolved = await resolveAuthors(authors, 'cloud', site, cache);
    expect(resolved.authors.map((a) => a.accountId)).to.deep.equal(['acc-john', 'acc-sarah', undefined]);
    expect(resolved.status).to.deep.equal([
      { name: 'john', accountId: 'acc-john', resolvedFrom: 'spec' },
      { name: 'sarah', accountId: 'acc-sarah', resolvedFrom: 'email' },
      { name: 'ghost', resolvedFrom: 'none', message: 'no Jira account has the e-mail ghost@acme.com' },
    ]);
    expect([...resolved.unknownToJira]).to.deep.equal(['ghost']);
    expect(site.searches).to.deep.equal(['sarah.jones@acme.com', 'ghost@acme.com']);
    await resolveAuthors(authors, 'cloud', site, cache);
    expect(site.searches, 'answers are cached').to.have.length(2);
    now += 5 * 60_000;
    await resolveAuthors(authors, 'cloud', site, cache);
    expect(site.searches, 'a miss is asked again after five minutes, a hit kept for an hour').to.deep.equal(['sarah.jones@acme.com', 'ghost@acme.com', 'ghost@acme.com']);
  });

  it('a lookup Jira cannot answer is not cached and leaves the entry as written', async () => {
    const cache = new IdentityCache(() => 0);
    const failing = jira([], new AuthError('Jira refused the credentials', { reason: 'AuthenticationFailed' }));
    const resolved = await resolveAuthors([{ name: 'sarah', email: 'sarah.jones@acme.com' }], 'cloud', failing, cache);
    expect(resolved.status[0]).to.deep.equal({ name: 'sarah', resolvedFrom: 'none', message: 'could not look up sarah.jones@acme.com in Jira: Jira refused the credentials' });
    expect(resolved.unknownToJira.size).to.equal(0);
    const working = jira([SARAH]);
    expect((await resolveAuthors([{ name: 'sarah', email: 'sarah.jones@acme.com' }], 'cloud', working, cache)).authors[0]!.accountId).to.equal('acc-sarah');
  });
});
