import { expect } from 'chai';
import type { TractRepo } from '../../../../controller/api/tract-repo.ts';
import { needsReconcile } from '../../../../controller/kube/reconcile-predicate.ts';

function repo(metadata: Partial<TractRepo['metadata']> = {}, status: TractRepo['status'] = {}): TractRepo {
  return {
    apiVersion: 'tract.dev/v1alpha1',
    kind: 'TractRepo',
    metadata: { name: 'app', namespace: 'default', generation: 1, resourceVersion: '10', ...metadata },
    spec: {} as TractRepo['spec'],
    status,
  };
}

describe('needsReconcile (Flux predicates: generation changed, reconcile requested, deletion)', () => {
  it('a new object is reconciled', () => {
    expect(needsReconcile(undefined, repo())).to.equal(true);
  });

  it('a status-only update is not (the controller\'s own status writes never loop back)', () => {
    const before = repo({}, { observedGeneration: -1 });
    const after = repo({ resourceVersion: '11' }, { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: '', lastTransitionTime: '2026-02-14T00:00:00Z' }] });
    expect(needsReconcile(before, after)).to.equal(false);
  });

  it('other metadata-only updates are not: labels, finalizers, other annotations', () => {
    const after = repo({ resourceVersion: '12', labels: { team: 'a' }, finalizers: ['finalizers.tract.dev'], annotations: { note: 'x' } });
    expect(needsReconcile(repo(), after)).to.equal(false);
  });

  it('a new generation is', () => {
    expect(needsReconcile(repo(), repo({ generation: 2, resourceVersion: '11' }))).to.equal(true);
  });

  it('a new tract.dev/requested-at value is, the same value again is not', () => {
    const first = repo({ annotations: { 'tract.dev/requested-at': '1' } });
    expect(needsReconcile(repo(), first)).to.equal(true);
    expect(needsReconcile(first, repo({ resourceVersion: '11', annotations: { 'tract.dev/requested-at': '1' } }))).to.equal(false);
    expect(needsReconcile(first, repo({ resourceVersion: '12', annotations: { 'tract.dev/requested-at': '2' } }))).to.equal(true);
  });

  it('removing the annotation is not a request', () => {
    expect(needsReconcile(repo({ annotations: { 'tract.dev/requested-at': '1' } }), repo({ resourceVersion: '11' }))).to.equal(false);
  });

  it('a deletionTimestamp being set is (the finalizer must run), later updates while deleting are not', () => {
    const deleting = repo({ resourceVersion: '11', deletionTimestamp: '2026-02-14T00:00:00Z', finalizers: ['finalizers.tract.dev'] });
    expect(needsReconcile(repo(), deleting)).to.equal(true);
    expect(needsReconcile(deleting, { ...deleting, metadata: { ...deleting.metadata, resourceVersion: '12' } })).to.equal(false);
  });
});
