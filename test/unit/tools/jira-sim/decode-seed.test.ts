import { expect } from 'chai';
import { decodeSeed, decodeSeedYaml, formatSeedProblems } from '../../../../tools/jira-sim/decode-seed.ts';

describe('decodeSeed', () => {
  it('accepts a full seed', () => {
    const { problems } = decodeSeed({
      site: { hoursPerDay: 7.5 },
      users: [{ email: 'a@example.com', timeZone: 'UTC', admin: true }],
      projects: [{ key: 'APP', issueCount: 3, issues: [{ summary: 's', originalEstimate: '2d' }], noWorkOnIssues: ['a@example.com'] }],
      worklogs: [{ issue: 'APP-1', author: 'a@example.com', started: '2026-02-14T09:00:00.000+0000', timeSpentSeconds: 60 }],
    });
    expect(problems).to.deep.equal([]);
  });

  it('collects every problem with path, expected and found', () => {
    const { problems } = decodeSeed({ users: [{ admin: 'yes' }], projects: [{ key: 1, issues: {} }], extra: true });
    expect(problems).to.deep.equal([
      { path: 'extra', expected: 'one of site, users, projects, worklogs', found: "'extra'" },
      { path: 'users.0.email', expected: "field 'email'", found: 'nothing' },
      { path: 'users.0.admin', expected: 'boolean', found: 'string "yes"' },
      { path: 'projects.0.key', expected: 'string', found: 'number 1' },
      { path: 'projects.0.issues', expected: 'a list', found: 'a mapping' },
    ]);
  });

  it('gives YAML problems their line numbers, and reports YAML syntax errors', () => {
    const { problems } = decodeSeedYaml('users:\n  - email: a@example.com\n    active: 2\n');
    expect(formatSeedProblems('seed.yaml', problems)).to.equal('seed.yaml:3 users.0.active: expected boolean, found number 2');
    expect(decodeSeedYaml('users: [\n').problems[0]).to.include({ path: '(yaml)', expected: 'valid YAML' });
  });
});
