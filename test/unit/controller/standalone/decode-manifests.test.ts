import { expect } from 'chai';
import { decodeManifests } from '../../../../controller/standalone/decode-manifests.ts';
import { compileSpecValidator } from '../../../../controller/standalone/validate-tract-repo.ts';

const validate = compileSpecValidator();

const GOOD = `apiVersion: tract.dev/v1alpha1
kind: TractRepo
metadata:
  name: app
spec:
  git:
    url: https://git.example.com/app.git
  jira:
    url: https://example.atlassian.net
    secretRef:
      name: jira
`;

describe('decodeManifests (standalone)', () => {
  it('decodes several TractRepos, namespace default, defaults applied as the CRD has them', () => {
    const text = `${GOOD}---\n${GOOD.replace('name: app', 'name: other\n  namespace: team-b')}`;
    const decoded = decodeManifests(text, 'repos.yaml', validate);
    expect(decoded.problems).to.deep.equal([]);
    expect(decoded.repos.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).to.deep.equal(['default/app', 'team-b/other']);
    const [repo] = decoded.repos;
    expect(repo!.spec.git).to.deep.include({ branch: 'main', path: 'worklogs' });
    expect(repo!.spec.interval).to.equal('1m');
    expect(repo!.spec.sync).to.deep.equal({ direction: 'Bidirectional', batchSize: 10, batchInterval: '100ms', dryRun: false, duplicates: 'Discard' });
  });

  it('marks a repo with spec problems invalid, every problem with its line, and keeps the others', () => {
    const bad = GOOD.replace('name: app', 'name: bad').replace('  jira:\n', '  interval: 10x\n  sync:\n    batchSize: 1000\n  jira:\n').replace('url: https://git', 'brnach: dev\n    url: https://git');
    const decoded = decodeManifests(`${GOOD}---\n${bad}`, 'repos.yaml', validate);
    expect(decoded.problems).to.deep.equal([]);
    expect(decoded.repos).to.have.length(2);
    const message = decoded.invalid.get('default/bad') ?? '';
    expect(message).to.contain('spec.interval');
    expect(message).to.contain('spec.sync.batchSize');
    expect(message).to.contain('spec.git.brnach: expected a known field');
    const lines = decoded.specProblems.map((p) => [p.message, p.line]);
    expect(lines).to.deep.include(['TractRepo default/bad: spec.sync.batchSize', 23]);
    expect(decoded.invalid.has('default/app')).to.equal(false);
  });

  it('applies the CRD rules that CEL states (ssh needs a secretRef, no .. in path, durations ≥ 1s)', () => {
    const text = GOOD.replace('url: https://git.example.com/app.git', 'url: ssh://git@example.com/app.git\n    path: a/../b').replace('  jira:\n', '  interval: 500ms\n  jira:\n');
    const message = decodeManifests(text, 'repos.yaml', validate).invalid.get('default/app') ?? '';
    expect(message).to.contain('spec.git.secretRef');
    expect(message).to.contain('spec.git.path');
    expect(message).to.contain('spec.interval: expected a duration of at least 1s');
  });

  it('refuses the file for YAML errors, other kinds, bad or repeated names — each with its line', () => {
    const decoded = decodeManifests(`${GOOD}---\n${GOOD}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n---\nkind: TractRepo\napiVersion: tract.dev/v1alpha1\nmetadata:\n  name: Bad_Name\n---\nfoo: [1, 2\n`, 'repos.yaml', validate);
    const messages = decoded.problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).to.include('16: TractRepo default/app is defined twice');
    expect(messages).to.include('26: only TractRepo manifests belong in this file');
    expect(messages).to.include('33: metadata.name is missing or invalid');
    expect(decoded.problems.some((p) => p.expected === 'valid YAML')).to.equal(true);
  });
});
