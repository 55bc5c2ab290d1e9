import { expect } from 'chai';
import { applyDefaults } from '../../../../controller/api/apply-defaults.ts';
import type { TractRepo, TractRepoSpecInput } from '../../../../controller/api/tract-repo.ts';
import { EnvSecretReader } from '../../../../controller/secrets/env-secret-reader.ts';
import { resolveRepoSecrets } from '../../../../controller/secrets/resolve-repo-secrets.ts';
import { SecretMask } from '../../../../controller/secrets/secret-mask.ts';
import { TransientError, ValidationError } from '../../../../shared/core/tract-error.ts';

function repo(spec: Partial<TractRepoSpecInput> = {}): TractRepo {
  return {
    apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata: { name: 'app', namespace: 'team-a' },
    spec: applyDefaults({ git: { url: 'https://git.example.com/app.git' }, jira: { url: 'https://example.atlassian.net', secretRef: { name: 'jira' } }, ...spec }),
  };
}

describe('resolveRepoSecrets', () => {
  const env = { TRACT_SECRET_JIRA_EMAIL: 'sync@example.com', TRACT_SECRET_JIRA_APITOKEN: 'jira-token-1' };

  it('turns the Jira Secret into Basic auth for Cloud and masks every value it read', async () => {
    const mask = new SecretMask();
    const secrets = await resolveRepoSecrets(repo(), new EnvSecretReader(env), mask);
    expect(secrets.jira).to.deep.equal({ type: 'basic', email: 'sync@example.com', apiToken: 'jira-token-1' });
    expect(secrets.git).to.equal(undefined);
    expect(mask.mask('x jira-token-1 y')).to.equal('x [REDACTED] y');
  });

  it('reads git, webhook and personal author tokens', async () => {
    const reader = new EnvSecretReader({ ...env, TRACT_SECRET_GIT_BEARERTOKEN: 'git-token', TRACT_SECRET_HOOKS_JIRASECRET: 'whsec', TRACT_SECRET_HOOKS_TOKEN: 'push', TRACT_SECRET_JOHN_TOKEN: 'john-pat' });
    const secrets = await resolveRepoSecrets(repo({
      git: { url: 'https://git.example.com/app.git', secretRef: { name: 'git' } },
      webhook: { secretRef: { name: 'hooks' } },
      authors: [{ name: 'john', email: 'john@example.com', tokenSecretRef: { name: 'john' } }, { name: 'sarah', email: 's@example.com' }],
    }), reader, new SecretMask());
    expect(secrets.git).to.deep.equal({ kind: 'bearer', token: 'git-token' });
    expect(secrets.webhook).to.deep.equal({ jiraSecret: 'whsec', token: 'push' });
    expect([...secrets.authors]).to.deep.equal([['john', { type: 'basic', email: 'john@example.com', apiToken: 'john-pat' }]]);
  });

  it('a missing Secret is transient SecretNotFound naming it', async () => {
    const err = await resolveRepoSecrets(repo(), new EnvSecretReader({}), new SecretMask()).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TransientError);
    expect((err as TransientError).reason).to.equal('SecretNotFound');
    expect((err as Error).message).to.equal('Secret team-a/jira (Jira credentials) not found: create it, the controller retries');
  });

  it('a Secret without the needed keys is SecretInvalid naming them', async () => {
    const err = await resolveRepoSecrets(repo(), new EnvSecretReader({ TRACT_SECRET_JIRA_EMAIL: 'x@y.z' }), new SecretMask()).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ValidationError);
    expect((err as ValidationError).reason).to.equal('SecretInvalid');
    expect((err as Error).message).to.equal('Secret jira (Jira credentials) needs the keys email and apiToken');
  });

  it('Data Center uses the token as a Bearer PAT', async () => {
    const secrets = await resolveRepoSecrets(repo({ jira: { url: 'https://jira.example.com', flavor: 'datacenter', secretRef: { name: 'jira' } } }), new EnvSecretReader({ TRACT_SECRET_JIRA_TOKEN: 'pat' }), new SecretMask());
    expect(secrets.jira).to.deep.equal({ type: 'bearer', token: 'pat' });
  });
});
