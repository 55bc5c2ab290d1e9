import { expect } from 'chai';
import { ReverseAuthorMap } from '../../../../controller/from-jira/reverse-author-map.ts';
import { plainComment, worklogAsChange } from '../../../../controller/from-jira/worklog-as-change.ts';
import type { JiraWorklog } from '../../../../shared/jira/jira-worklogs.ts';

const AUTHORS = [
  { name: 'john.mcmullan', accountId: '5f60aaa', username: 'jmcmullan', timezone: 'Europe/Dublin' },
  { name: 'sarah.jones', accountId: '5f60bbb', username: 'sjones' },
];

function worklog(overrides: Partial<JiraWorklog> = {}): JiraWorklog {
  return {
    id: '10234', issueId: '12345', author: { accountId: '5f60bbb', name: 'sjones', timeZone: 'America/New_York' },
    started: new Date('2026-02-14T15:00:00.000Z'), timeSpentSeconds: 7200, comment: 'Fixed bug',
    created: new Date('2026-02-14T15:05:00.000Z'), updated: new Date('2026-02-14T15:06:00.000Z'), ...overrides,
  };
}

describe('worklogAsChange', () => {
  const authors = new ReverseAuthorMap(AUTHORS, 'cloud');

  it('writes started in the Jira author\'s zone, and keeps Jira\'s updated time', () => {
    expect(worklogAsChange(worklog(), 'APP-1234', authors, 'UTC')).to.deep.equal({
      kind: 'upsert', worklogId: '10234', issueId: '12345', issueKey: 'APP-1234', author: 'sarah.jones',
      started: '2026-02-14T10:00:00.000-05:00', seconds: 7200, comment: 'Fixed bug', updatedMs: Date.parse('2026-02-14T15:06:00.000Z'),
    });
  });

  it('prefers the identity map\'s zone, and uses the repo\'s zone for a service-account post', () => {
    expect(worklogAsChange(worklog({ author: { accountId: '5f60aaa', timeZone: 'Asia/Tokyo' } }), 'APP-1', authors, 'UTC').started).to.equal('2026-02-14T15:00:00.000+00:00');
    const onBehalf = worklog({ author: { accountId: 'service', timeZone: 'Asia/Tokyo' }, tract: { id: 'r1', repo: 'team-a/app', author: 'sarah.jones' }, comment: '[sarah.jones] Fixed bug' });
    const change = worklogAsChange(onBehalf, 'APP-1', authors, 'Europe/Berlin');
    expect(change).to.deep.include({ author: 'sarah.jones', started: '2026-02-14T16:00:00.000+01:00', comment: 'Fixed bug', tract: { id: 'r1', repo: 'team-a/app' } });
  });

  it('falls back to the repo zone when Jira reports a zone the runtime does not know', () => {
    expect(worklogAsChange(worklog({ author: { accountId: 'x', timeZone: 'Mars/Olympus' } }), 'APP-1', authors, 'UTC').started).to.equal('2026-02-14T15:00:00.000+00:00');
  });
});

describe('plainComment', () => {
  it('strips Tract\'s [author] prefix only for the author it was written for', () => {
    expect(plainComment('[john] Fixed bug', 'john')).to.equal('Fixed bug');
    expect(plainComment('[john]', 'john')).to.equal('');
    expect(plainComment('[john] Fixed bug', 'sarah')).to.equal('[john] Fixed bug');
    expect(plainComment('[john] Fixed bug', undefined)).to.equal('[john] Fixed bug');
    expect(plainComment('[john] [john] [john] Fixed bug', 'john'), 'an older Tract prefixed on every edit').to.equal('Fixed bug');
    expect(plainComment('[john] [john]', 'john')).to.equal('');
    expect(plainComment('[john]Fixed', 'john')).to.equal('[john]Fixed');
  });

  it('normalises line ends', () => {
    expect(plainComment('a\r\nb\rc', undefined)).to.equal('a\nb\nc');
  });
});
