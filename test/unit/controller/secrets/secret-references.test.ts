import { expect } from 'chai';
import type { TractRepo } from '../../../../controller/api/tract-repo.ts';
import { namespacesWithSecretRefs, referencedSecretNames, reposReferencingSecret } from '../../../../controller/secrets/secret-references.ts';

function repo(namespace: string, name: string, refs: { jira?: string; git?: string; webhook?: string; tokens?: string[] }): TractRepo {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name, namespace },
    spec: {
      git: { url: 'https://example.com/r.git', ...(refs.git ? { secretRef: { name: refs.git } } : {}) },
      jira: { url: 'https://jira.example.com', ...(refs.jira ? { secretRef: { name: refs.jira } } : {}) },
      ...(refs.webhook ? { webhook: { secretRef: { name: refs.webhook } } } : {}),
      authors: [{ name: 'ann' }, ...(refs.tokens ?? []).map((token, i) => ({ name: `a${i}`, tokenSecretRef: { name: token, key: 'token' } }))],
    } as unknown as TractRepo['spec'],
  };
}

describe('Secret references of TractRepos', () => {
  it('a repo references its Jira, git and webhook Secrets and its authors’ token Secrets', () => {
    const names = referencedSecretNames(repo('team-a', 'app', { jira: 'jira', git: 'git-creds', webhook: 'hooks', tokens: ['ann-token', 'bob-token'] }));
    expect([...names].sort()).to.deep.equal(['ann-token', 'bob-token', 'git-creds', 'hooks', 'jira']);
  });

  it('a partial spec (no git secretRef, no webhook, no authors) references what it has', () => {
    expect([...referencedSecretNames(repo('team-a', 'app', { jira: 'jira' }))]).to.deep.equal(['jira']);
    expect([...referencedSecretNames({ ...repo('team-a', 'x', {}), spec: {} as TractRepo['spec'] })]).to.deep.equal([]);
  });

  it('a Secret concerns every repo of its namespace that references it, whatever the field, and no other', () => {
    const repos = [
      repo('team-a', 'app', { jira: 'shared' }),
      repo('team-a', 'web', { jira: 'jira-web', git: 'shared' }),
      repo('team-a', 'api', { jira: 'jira-api', tokens: ['shared'] }),
      repo('team-a', 'docs', { jira: 'jira-docs', webhook: 'hooks' }),
      repo('team-b', 'app', { jira: 'shared' }),
    ];
    expect(reposReferencingSecret(repos, 'team-a', 'shared')).to.deep.equal(['team-a/app', 'team-a/web', 'team-a/api']);
    expect(reposReferencingSecret(repos, 'team-b', 'shared'), 'same name, other namespace').to.deep.equal(['team-b/app']);
    expect(reposReferencingSecret(repos, 'team-a', 'hooks')).to.deep.equal(['team-a/docs']);
    expect(reposReferencingSecret(repos, 'team-a', 'unrelated'), 'an unrelated Secret').to.deep.equal([]);
    expect(reposReferencingSecret(repos, 'team-c', 'shared'), 'a namespace without TractRepos').to.deep.equal([]);
    expect(reposReferencingSecret(repos, undefined, 'shared'), 'any namespace (standalone)').to.deep.equal(['team-a/app', 'team-a/web', 'team-a/api', 'team-b/app']);
  });

  it('a repo without a namespace lives in default', () => {
    const plain = repo('default', 'app', { jira: 'jira' });
    delete plain.metadata.namespace;
    expect(reposReferencingSecret([plain], 'default', 'jira')).to.deep.equal(['default/app']);
    expect([...namespacesWithSecretRefs([plain])]).to.deep.equal(['default']);
  });

  it('the namespaces to watch are those whose repos reference a Secret', () => {
    const repos = [repo('team-a', 'app', { jira: 'jira' }), repo('team-a', 'web', { jira: 'jira' }), repo('team-b', 'app', { jira: 'jira' }), { ...repo('team-c', 'x', {}), spec: {} as TractRepo['spec'] }];
    expect([...namespacesWithSecretRefs(repos)].sort()).to.deep.equal(['team-a', 'team-b']);
  });
});
