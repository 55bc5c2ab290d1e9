import { expect } from 'chai';
import { remoteUrlIn } from '../../../../shared/git/read-remote-url.ts';

describe('remoteUrlIn', () => {
  const config = [
    '[core]',
    '\trepositoryformatversion = 0',
    '[remote "origin"]',
    '\turl = https://git.example.com/team/time.git',
    '\tfetch = +refs/heads/*:refs/remotes/origin/*',
    '[remote "backup"]',
    '\tURL = "/srv/git/time.git" # local mirror',
    '[branch "main"]',
    '\tremote = origin',
  ].join('\n');

  it('reads the url of the named remote', () => {
    expect(remoteUrlIn(config, 'origin')).to.equal('https://git.example.com/team/time.git');
    expect(remoteUrlIn(config, 'backup')).to.equal('/srv/git/time.git');
  });

  it('has nothing for a remote that is not configured', () => {
    expect(remoteUrlIn(config, 'upstream')).to.equal(undefined);
    expect(remoteUrlIn('[core]\n\tbare = false\n', 'origin')).to.equal(undefined);
  });

  it('takes the last value, as git does', () => {
    expect(remoteUrlIn('[remote "origin"]\n\turl = a\n[remote "origin"]\n\turl = b\n', 'origin')).to.equal('b');
  });
});
