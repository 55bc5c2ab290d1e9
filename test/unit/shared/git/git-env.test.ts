import { expect } from 'chai';
import { credentialSecrets, gitEnv } from '../../../../shared/git/git-env.ts';

const base = { PATH: '/bin', HOME: '/home/dev', LANG: 'de_DE.UTF-8', LANGUAGE: 'de', GIT_DIR: '/elsewhere/.git', GIT_INDEX_FILE: '/x/index', UNSET: undefined };

describe('gitEnv', () => {
  it('never prompts, speaks C and ignores repository overrides inherited from a hook', () => {
    const env = gitEnv({ env: base });
    expect(env).to.include({ GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', LC_ALL: 'C', PATH: '/bin', HOME: '/home/dev' });
    expect(env).to.not.have.any.keys('GIT_DIR', 'GIT_INDEX_FILE', 'LANGUAGE', 'UNSET', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_COUNT');
    expect(base.GIT_DIR).to.equal('/elsewhere/.git');
  });

  it('has a PATH even when given no environment', () => {
    expect(gitEnv({}).PATH).to.be.a('string').and.not.equal('');
  });

  it('isolateConfig drops system, global and environment config', () => {
    const env = gitEnv({
      env: { ...base, GIT_CONFIG_PARAMETERS: "'a.b'='c'", GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: 'c' },
      isolateConfig: true,
    });
    expect(env).to.include({ GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' });
    expect(env).to.not.have.any.keys('GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0');
  });

  it('passes basic credentials as an http.extraHeader through GIT_CONFIG_*', () => {
    const env = gitEnv({ env: base, credentials: { kind: 'basic', username: 'bot', password: 's3cret' } });
    expect(env).to.include({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from('bot:s3cret').toString('base64')}`,
    });
  });

  it('appends a bearer token after config entries the caller already had', () => {
    const env = gitEnv({ env: { ...base, GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: '1', GIT_CONFIG_KEY_1: 'c.d', GIT_CONFIG_VALUE_1: '2' }, credentials: { kind: 'bearer', token: 'tok' } });
    expect(env).to.include({ GIT_CONFIG_COUNT: '3', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_KEY_2: 'http.extraHeader', GIT_CONFIG_VALUE_2: 'Authorization: Bearer tok' });
  });

  it('builds a strict, quoted GIT_SSH_COMMAND for ssh credentials', () => {
    const env = gitEnv({ env: base, credentials: { kind: 'ssh', identityFile: "/keys/it's key", knownHostsFile: '/keys/known hosts' } });
    expect(env.GIT_SSH_COMMAND).to.equal(
      "ssh -i '/keys/it'\\''s key' -o 'UserKnownHostsFile=/keys/known hosts' -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o BatchMode=yes",
    );
    expect(env).to.not.have.key('GIT_CONFIG_COUNT');
  });
});

describe('credentialSecrets', () => {
  it('lists what could leak: the password and its Basic form, or the token', () => {
    expect(credentialSecrets({ kind: 'basic', username: 'u', password: 'p' })).to.deep.equal(['p', Buffer.from('u:p').toString('base64')]);
    expect(credentialSecrets({ kind: 'bearer', token: 't' })).to.deep.equal(['t']);
    expect(credentialSecrets({ kind: 'ssh', identityFile: 'i', knownHostsFile: 'k' })).to.deep.equal([]);
    expect(credentialSecrets(undefined)).to.deep.equal([]);
  });
});
