import { expect } from 'chai';
import fc from 'fast-check';
import { applyDefaults, SPEC_DEFAULTS, STATUS_DEFAULTS } from '../../../../controller/api/apply-defaults.ts';
import type { TractRepoSpecInput } from '../../../../controller/api/tract-repo.ts';
import { pruneAndDefault } from '../../../support/kube-api-server/structural-schema.ts';
import { rootSchema, walkSchema } from '../../../support/kube-api-server/tract-repo-crd.ts';

/** What the API server serves for `spec` (CRD structural defaulting, as the test server implements it). */
function defaultedByCrd(spec: TractRepoSpecInput): unknown {
  const object = pruneAndDefault(structuredClone({ apiVersion: 'tract.dev/v1alpha1', kind: 'TractRepo', metadata: { name: 'x' }, spec }), rootSchema, true);
  return (object as { spec: unknown }).spec;
}

const minimal: TractRepoSpecInput = {
  git: { url: 'https://git.example.com/app.git' },
  jira: { url: 'https://example.atlassian.net', secretRef: { name: 'jira' } },
};

/** `spec.git.branch` → SPEC_DEFAULTS path; list item fields have their own names. */
function defaultsPathFor(crdPath: string): string {
  if (crdPath === 'spec.authors[].tokenSecretRef.key') return 'authorTokenKey';
  return crdPath.replace(/^spec\./, '');
}

function leafDefaults(value: unknown, prefix: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [p, d] of leafDefaults(v, prefix === '' ? k : `${prefix}.${k}`)) out.set(p, d);
  } else {
    out.set(prefix, value);
  }
  return out;
}

describe('applyDefaults', () => {
  it('fills a minimal spec exactly as the CRD does', () => {
    expect(applyDefaults(minimal)).to.deep.equal(defaultedByCrd(minimal));
  });

  it('fills partial nested objects and list items as the CRD does, keeping given values (false and 0 too)', () => {
    const partial: TractRepoSpecInput = {
      git: { url: 'ssh://git.example.com/app.git', secretRef: { name: 'ssh' }, commitAuthor: { name: 'bot' } },
      jira: { url: 'https://example.atlassian.net', secretRef: { name: 'jira' }, hoursPerDay: '7.5', notifyUsers: true, projects: ['APP'] },
      authors: [
        { name: 'ann', accountId: 'a-1', tokenSecretRef: { name: 'ann-token' } },
        { name: 'bob', username: 'bob', tokenSecretRef: { name: 'bob-token', key: 'pat' } },
        { name: 'cid', email: 'cid@example.com' },
      ],
      sync: { batchSize: 1, dryRun: true },
      webhook: { secretRef: { name: 'hooks' } },
      suspend: true,
      interval: '30s',
    };
    const result = applyDefaults(partial);
    expect(result).to.deep.equal(defaultedByCrd(partial));
    expect(result.git.commitAuthor).to.deep.equal({ name: 'bot', email: 'tract-sync@localhost' });
    expect(result.authors![0]!.tokenSecretRef).to.deep.equal({ name: 'ann-token', key: 'token' });
    expect(result.suspend).to.equal(true);
  });

  it('agrees with the CRD for any combination of given and missing fields', () => {
    const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const spec = fc.record(
      {
        git: fc.record({ url: fc.constant('https://g.example/x.git'), branch: opt(fc.constantFrom('main', 'dev')), path: opt(fc.constant('logs')), commitAuthor: opt(fc.record({ name: opt(fc.constant('n')), email: opt(fc.constant('e@x')) }, { requiredKeys: [] })) }, { requiredKeys: ['url'] }),
        jira: fc.record({ url: fc.constant('https://j.example'), secretRef: fc.constant({ name: 's' }), flavor: opt(fc.constantFrom('cloud' as const, 'datacenter' as const)), daysPerWeek: opt(fc.integer({ min: 1, max: 7 })), adjustEstimate: opt(fc.constantFrom('auto' as const, 'leave' as const)) }, { requiredKeys: ['url', 'secretRef'] }),
        sync: opt(fc.record({ direction: opt(fc.constantFrom('GitToJira' as const)), batchSize: opt(fc.integer({ min: 1, max: 100 })), dryRun: opt(fc.boolean()) }, { requiredKeys: [] })),
        suspend: opt(fc.boolean()),
        timeout: opt(fc.constant('2m')),
      },
      { requiredKeys: ['git', 'jira'] },
    );
    fc.assert(
      fc.property(spec, (s) => {
        const input = JSON.parse(JSON.stringify(s)) as TractRepoSpecInput;
        expect(applyDefaults(input)).to.deep.equal(defaultedByCrd(input));
      }),
    );
  });

  it('has exactly the CRD defaults: every default in the CRD is in SPEC_DEFAULTS with the same value, and no other', () => {
    const fromCrd = new Map<string, unknown>();
    for (const node of walkSchema(rootSchema.properties!.spec!, 'spec')) {
      const d = node.schema.default;
      if (d === undefined || (typeof d === 'object' && d !== null && Object.keys(d).length === 0)) continue;
      fromCrd.set(defaultsPathFor(node.path), d);
    }
    expect(Object.fromEntries(leafDefaults(SPEC_DEFAULTS, ''))).to.deep.equal(Object.fromEntries(fromCrd));
  });

  it('has the status default of the CRD', () => {
    expect(rootSchema.properties!.status!.default).to.deep.equal(STATUS_DEFAULTS);
  });

  it('does not change its input', () => {
    const input = structuredClone(minimal);
    applyDefaults(input);
    expect(input).to.deep.equal(minimal);
  });
});
