import { expect } from 'chai';
import { ValidationError } from '../../../../shared/core/tract-error.ts';
import { assertRefName, assertRevision, normalizePath } from '../../../../shared/git/git-arguments.ts';

describe('git-arguments', () => {
  it('accepts revisions and ranges, refuses option-like or blank ones', () => {
    for (const ok of ['HEAD', 'a1b2c3', 'origin/main', 'a..b', 'HEAD~2', 'main@{1}']) expect(() => assertRevision(ok)).to.not.throw();
    for (const bad of ['', '-p', '--output=x', 'a b']) expect(() => assertRevision(bad)).to.throw(ValidationError);
  });

  it('refuses branch and remote names git would misread', () => {
    expect(() => assertRefName('branch', 'feature/x-1')).to.not.throw();
    for (const bad of ['', '-f', 'a..b', 'a b', 'a:b', 'a~1', 'a^', 'a?', 'a*', 'a[', 'a\\b']) {
      expect(() => assertRefName('branch', bad), bad).to.throw(ValidationError, 'invalid git branch name');
    }
  });

  it('normalizePath drops a leading ./ and turns . into the root', () => {
    expect(['./worklogs', '././a/b', '.', 'worklogs'].map(normalizePath)).to.deep.equal(['worklogs', 'a/b', '', 'worklogs']);
  });
});
