import { expect } from 'chai';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChainedSecretReader } from '../../../../controller/secrets/chained-secret-reader.ts';
import { EnvSecretReader, secretEnvVariable } from '../../../../controller/secrets/env-secret-reader.ts';
import { FileSecretReader } from '../../../../controller/secrets/file-secret-reader.ts';
import { secretValue } from '../../../../controller/secrets/secret-value.ts';
import { removeTempDirs, tempDir } from '../../../support/git-fixtures.ts';

describe('standalone Secret readers', () => {
  afterEach(removeTempDirs);

  it('maps Secret name and key to TRACT_SECRET_<NAME>_<KEY>', () => {
    expect(secretEnvVariable('jira-creds', 'apiToken')).to.equal('TRACT_SECRET_JIRA_CREDS_APITOKEN');
    expect(secretEnvVariable('git.ssh', 'known_hosts')).to.equal('TRACT_SECRET_GIT_SSH_KNOWN_HOSTS');
  });

  it('reads a Secret from the environment; keys match ignoring case and separators', async () => {
    const reader = new EnvSecretReader({ TRACT_SECRET_JIRA_CREDS_EMAIL: 'a@b.c', TRACT_SECRET_JIRA_CREDS_APITOKEN: 't0ken', TRACT_SECRET_JIRA_X: 'other secret' });
    const data = await reader.fetchSecret('default', 'jira-creds');
    expect(data).to.deep.equal({ EMAIL: 'a@b.c', APITOKEN: 't0ken' });
    expect(secretValue(data!, 'apiToken')).to.equal('t0ken');
    expect(secretValue(data!, 'email')).to.equal('a@b.c');
    expect(await reader.fetchSecret('default', 'missing')).to.equal(undefined);
  });

  it('reads a Secret laid out like a mounted Kubernetes Secret, without the trailing newline', async () => {
    const dir = tempDir();
    const data = join(dir, 'jira', '..2026_01_01');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'apiToken'), 't0ken\n');
    symlinkSync(data, join(dir, 'jira', '..data'));
    symlinkSync(join('..data', 'apiToken'), join(dir, 'jira', 'apiToken'));
    const reader = new FileSecretReader(dir);
    expect(await reader.fetchSecret('default', 'jira')).to.deep.equal({ apiToken: 't0ken' });
    expect(await reader.fetchSecret('default', 'nope')).to.equal(undefined);
    expect(await reader.fetchSecret('default', '../etc')).to.equal(undefined);
  });

  it('asks files first, then the environment', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'jira'));
    writeFileSync(join(dir, 'jira', 'token'), 'from-file');
    const chained = new ChainedSecretReader([new FileSecretReader(dir), new EnvSecretReader({ TRACT_SECRET_JIRA_TOKEN: 'from-env', TRACT_SECRET_GIT_TOKEN: 'git-env' })]);
    expect(await chained.fetchSecret('default', 'jira')).to.deep.equal({ token: 'from-file' });
    expect(await chained.fetchSecret('default', 'git')).to.deep.equal({ TOKEN: 'git-env' });
  });
});
