import { expect } from 'chai';
import { GROUP, KIND, LIST_KIND, PLURAL, SINGULAR, VERSION } from '../../../../controller/api/tract-repo.ts';
import { CelValidator } from '../../../support/kube-api-server/cel-validator.ts';
import { compileSchema } from '../../../support/kube-api-server/schema-validator.ts';
import { crd, rootSchema, version, walkSchema } from '../../../support/kube-api-server/tract-repo-crd.ts';

describe('crds/tractrepos.tract.dev.yaml', () => {
  it('names the resource as the TypeScript API does', () => {
    expect(crd.metadata.name).to.equal(`${PLURAL}.${GROUP}`);
    expect(crd.spec.group).to.equal(GROUP);
    expect(crd.spec.scope).to.equal('Namespaced');
    expect(crd.spec.names).to.deep.equal({ kind: KIND, listKind: LIST_KIND, plural: PLURAL, singular: SINGULAR, shortNames: ['trepo'], categories: ['tract'] });
    expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).to.deep.equal([[VERSION, true, true]]);
    expect(version.subresources).to.deep.equal({ status: {} });
  });

  it('shows Ready, Status, Pending, Failed, Last Sync and Age by default', () => {
    const columns = version.additionalPrinterColumns.filter((c) => c.priority === undefined);
    expect(columns.map((c) => [c.name, c.type, c.jsonPath])).to.deep.equal([
      ['Ready', 'string', '.status.conditions[?(@.type=="Ready")].status'],
      ['Status', 'string', '.status.conditions[?(@.type=="Ready")].message'],
      ['Pending', 'integer', '.status.pending'],
      ['Failed', 'integer', '.status.failed'],
      ['Last Sync', 'date', '.status.lastSyncTime'],
      ['Age', 'date', '.metadata.creationTimestamp'],
    ]);
  });

  it('has defaults that are valid against their own schema (the API server refuses a CRD otherwise)', () => {
    const withDefaults = walkSchema(rootSchema).filter((n) => n.schema.default !== undefined);
    expect(withDefaults.length).to.be.greaterThan(15);
    for (const node of withDefaults) {
      const validate = compileSchema(node.schema);
      expect(validate(node.schema.default), `${node.path}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    }
  });

  it('has CEL rules that parse, on bounded values (the API server estimates their cost)', () => {
    expect(() => new CelValidator(rootSchema)).to.not.throw();
    const ruled = walkSchema(rootSchema).filter((n) => (n.schema['x-kubernetes-validations'] ?? []).length > 0);
    expect(ruled.map((n) => n.path)).to.include.members(['spec.git', 'spec.git.path', 'spec.interval', 'spec.jira.url', 'spec.authors[]']);
    for (const node of ruled) {
      if (node.schema.type === 'string') expect(node.schema.maxLength, node.path).to.be.a('number');
    }
  });

  it('keys list maps by required fields, as structural schemas must', () => {
    for (const node of walkSchema(rootSchema).filter((n) => n.schema['x-kubernetes-list-type'] === 'map')) {
      expect(node.schema.items!.required, node.path).to.include.members(node.schema['x-kubernetes-list-map-keys']!);
    }
  });

  it('gives every object a type and every spec field a description (kubectl explain)', () => {
    for (const node of walkSchema(rootSchema)) {
      if (node.schema['x-kubernetes-int-or-string'] === true) continue;
      expect(node.schema.type, node.path).to.be.a('string');
    }
    const spec = walkSchema(rootSchema.properties!.spec!, 'spec').filter((n) => n.path.split('.').length === 2 && !n.path.endsWith('[]'));
    for (const node of spec) expect(node.schema.description, node.path).to.be.a('string');
  });
});
