import { expect } from 'chai';
import {
  API_ERROR_REASONS, AUTH_REASONS, CONFLICT_REASONS, ERROR_REASONS, INTERNAL_REASONS, TRANSIENT_REASONS, VALIDATION_REASONS, decodeReason,
} from '../../../../shared/core/error-reasons.ts';
import { ValidationError } from '../../../../shared/core/tract-error.ts';

const BY_CLASS = { VALIDATION_REASONS, AUTH_REASONS, CONFLICT_REASONS, TRANSIENT_REASONS, INTERNAL_REASONS };

describe('error reasons: one catalogue (docs/code-style.md, "Errors")', () => {
  it('are one CamelCase word each, with a one-line meaning', () => {
    for (const [reason, meaning] of Object.entries({ ...ERROR_REASONS, ...API_ERROR_REASONS })) {
      expect(reason).to.match(/^[A-Z][A-Za-z]+$/);
      expect(meaning, reason).to.match(/^[^\n]{10,}$/);
    }
  });

  it('list each reason under one class, and ERROR_REASONS is all of them', () => {
    const listed = Object.values(BY_CLASS).flatMap((group) => Object.keys(group));
    const twice = listed.filter((reason, i) => listed.indexOf(reason) !== i);
    expect(twice, 'listed under two classes').to.deep.equal([]);
    expect(Object.keys(ERROR_REASONS)).to.have.members(listed);
  });

  it('decode only catalogued reasons from outside input', () => {
    expect(decodeReason(ERROR_REASONS, 'PushRejected')).to.equal('PushRejected');
    expect(decodeReason(ERROR_REASONS, 'pushRejected')).to.equal(undefined);
    expect(decodeReason(ERROR_REASONS, 'toString')).to.equal(undefined);
    expect(decodeReason(ERROR_REASONS, 42)).to.equal(undefined);
    expect(decodeReason(ERROR_REASONS, undefined)).to.equal(undefined);
    expect(decodeReason(API_ERROR_REASONS, 'NotLeader')).to.equal('NotLeader');
    expect(decodeReason(API_ERROR_REASONS, 'PushRejected')).to.equal(undefined);
  });

  it('type TractError.reason: a misspelt reason fails the typecheck (npm run typecheck checks the directives)', () => {
    const err = new ValidationError('bad record', { reason: 'InvalidRecord' });
    // @ts-expect-error -- not a catalogued reason: tsc reports an unused directive if reasons were plain strings again
    const misspelt = new ValidationError('bad record', { reason: 'InvalidRecrod' });
    // @ts-expect-error -- comparing with a misspelt reason is an error too (no overlap with TractErrorReason)
    const compared = err.reason === 'InvalidRecrod';
    expect([err.reason, misspelt.reason, compared]).to.deep.equal(['InvalidRecord', 'InvalidRecrod', false]);
  });
});
