import { expect } from 'chai';
import { applyJsonPatch, JsonPatchError } from '../../support/kube-api-server/json-patch.ts';
import { applyMergePatch } from '../../support/kube-api-server/merge-patch.ts';
import { matchesLabels, parseFieldSelector, parseLabelSelector } from '../../support/kube-api-server/selectors.ts';
import { startHarness, tractRepo, type Harness } from './fixtures.ts';

const REPOS = '/apis/tract.dev/v1alpha1/namespaces/default/tractrepos';

describe('kube-api-server: raw HTTP requests', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.api.close();
  });

  const send = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(`${h.api.url}${path}`, {
      method,
      headers: { 'Content-Type': contentType },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { code: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('refuses a body whose namespace or name differs from the URL (400)', async () => {
    const wrongNs = await send('POST', REPOS, tractRepo('a', {}, { namespace: 'other' }));
    expect([wrongNs.code, wrongNs.body.reason]).to.deep.equal([400, 'BadRequest']);
    await send('POST', REPOS, tractRepo('a'));
    const current = await send('GET', `${REPOS}/a`);
    const renamed = await send('PUT', `${REPOS}/a`, { ...current.body, metadata: { ...current.body.metadata, name: 'b' } });
    expect(renamed.code).to.equal(400);
    expect(renamed.body.message).to.equal('the name of the object (b) does not match the name on the URL (a)');
  });

  it('pages lists with limit and continue', async () => {
    for (const name of ['a', 'b', 'c']) await send('POST', REPOS, tractRepo(name));
    const first = await send('GET', `${REPOS}?limit=2`);
    expect(first.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).to.deep.equal(['a', 'b']);
    expect(first.body.metadata.remainingItemCount).to.equal(1);
    const rest = await send('GET', `${REPOS}?limit=2&continue=${first.body.metadata.continue as string}`);
    expect(rest.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).to.deep.equal(['c']);
    expect(rest.body.metadata).to.not.have.property('continue');
  });

  it('deletes a collection by label selector', async () => {
    await send('POST', REPOS, tractRepo('a', {}, { labels: { t: '1' } }));
    await send('POST', REPOS, tractRepo('b'));
    const deleted = await send('DELETE', `${REPOS}?labelSelector=t%3D1`);
    expect(deleted.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).to.deep.equal(['a']);
    expect((await send('GET', REPOS)).body.items).to.have.length(1);
  });

  it('creates and updates through server-side apply (simplified), which needs a fieldManager', async () => {
    const yaml = 'apiVersion: tract.dev/v1alpha1\nkind: TractRepo\nmetadata:\n  name: a\nspec:\n  git:\n    url: https://g.example/a.git\n  jira:\n    url: https://j.example\n    secretRef:\n      name: s\n';
    const refused = await send('PATCH', `${REPOS}/a`, yaml, 'application/apply-patch+yaml');
    expect(refused.code).to.equal(400);
    const created = await send('PATCH', `${REPOS}/a?fieldManager=test`, yaml, 'application/apply-patch+yaml');
    expect([created.code, created.body.spec.git.branch]).to.deep.equal([201, 'main']);
    const updated = await send('PATCH', `${REPOS}/a?fieldManager=test`, yaml.replace('url: https://g.example/a.git', 'url: https://g.example/b.git'), 'application/apply-patch+yaml');
    expect([updated.code, updated.body.spec.git.url, updated.body.metadata.generation]).to.deep.equal([200, 'https://g.example/b.git', 2]);
  });

  it('answers unknown paths and unsupported subresources with a 404 Status', async () => {
    const unknown = await send('GET', '/apis/tract.dev/v1alpha1/namespaces/default/widgets');
    expect([unknown.code, unknown.body.kind, unknown.body.reason]).to.deep.equal([404, 'Status', 'NotFound']);
    expect((await send('GET', '/api/v1/namespaces/default/secrets/s/status')).code).to.equal(404);
  });

  it('serves the discovery documents', async () => {
    const groups = await send('GET', '/apis');
    expect(groups.body.groups.map((g: { name: string }) => g.name)).to.include.members(['tract.dev', 'coordination.k8s.io', 'events.k8s.io']);
    const resources = await send('GET', '/apis/tract.dev/v1alpha1');
    expect(resources.body.resources.map((r: { name: string }) => r.name)).to.deep.equal(['tractrepos', 'tractrepos/status']);
    expect(resources.body.resources[0]).to.include({ kind: 'TractRepo', namespaced: true });
  });
});

describe('kube-api-server building blocks', () => {
  it('parses every label selector form and rejects garbage', () => {
    const r = parseLabelSelector('a=1,b==2,c!=3,d in (x, y),e notin (z),f,!g');
    expect(r.map((x) => x.op)).to.deep.equal(['eq', 'eq', 'neq', 'in', 'notin', 'exists', 'notexists']);
    expect(matchesLabels({ metadata: { labels: { a: '1', b: '2', d: 'y', f: '' } } }, r)).to.equal(true);
    expect(matchesLabels({ metadata: { labels: { a: '1', b: '2', d: 'y', f: '', g: '' } } }, r)).to.equal(false);
    expect(() => parseLabelSelector('a=(b')).to.throw();
    expect(() => parseFieldSelector('spec.x=1')).to.throw('field label not supported: spec.x');
  });

  it('applies RFC 6902 operations all or nothing', () => {
    const doc = { a: { b: [1, 2] }, c: 'x' };
    expect(applyJsonPatch(doc, [{ op: 'move', from: '/c', path: '/a/d' }, { op: 'copy', from: '/a/b/0', path: '/a/b/-' }, { op: 'add', path: '/a/b/0', value: 0 }])).to.deep.equal({ a: { b: [0, 1, 2, 1], d: 'x' } });
    expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/a/missing' }])).to.throw(JsonPatchError);
    expect(doc).to.deep.equal({ a: { b: [1, 2] }, c: 'x' });
    expect(applyJsonPatch({ 'a/b': { '~': 1 } }, [{ op: 'replace', path: '/a~1b/~0', value: 2 }])).to.deep.equal({ 'a/b': { '~': 2 } });
  });

  it('applies RFC 7386 merge patches', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, l: [1] }, { a: { b: null, d: 3 }, l: [2] })).to.deep.equal({ a: { c: 2, d: 3 }, l: [2] });
  });
});
