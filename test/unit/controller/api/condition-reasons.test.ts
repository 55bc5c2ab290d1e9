import { expect } from 'chai';
import * as reasons from '../../../../controller/api/condition-reasons.ts';
import { CONDITION_TYPES, READY_REASONS, REASONS_BY_CONDITION, STALLED_REASONS } from '../../../../controller/api/condition-reasons.ts';
import { hoursPerDayOf } from '../../../../controller/api/hours-per-day-of.ts';
import { rootSchema } from '../../../support/kube-api-server/tract-repo-crd.ts';

const conditionItem = rootSchema.properties!.status!.properties!.conditions!.items!;

describe('condition types and reasons', () => {
  it('are valid metav1.Condition values per the CRD schema', () => {
    const reasonPattern = new RegExp(conditionItem.properties!.reason!.pattern!);
    const typePattern = new RegExp(conditionItem.properties!.type!.pattern!);
    for (const type of CONDITION_TYPES) expect(type, type).to.match(typePattern);
    for (const reason of Object.values(REASONS_BY_CONDITION).flat()) expect(reason, reason).to.match(reasonPattern);
  });

  it('cover every condition type and the documented Ready and Stalled reasons', () => {
    expect(Object.keys(REASONS_BY_CONDITION)).to.have.members([...CONDITION_TYPES]);
    expect(READY_REASONS).to.have.members([
      'Succeeded', 'Progressing', 'ProgressingWithRetry', 'Suspended', 'GitOperationFailed', 'AuthenticationFailed',
      'SecretNotFound', 'JiraAPIFailed', 'JiraRateLimited', 'PermissionDenied', 'UnknownAuthor', 'TimeTrackingDisabled',
      'WritebackFailed', 'InvalidSpec',
    ]);
    expect(STALLED_REASONS).to.have.members(['InvalidSpec', 'InvalidWorklogFormat', 'SecretInvalid']);
  });

  it('exports every reason as a documented constant', () => {
    const exported = new Set<unknown>(Object.values(reasons));
    for (const reason of Object.values(REASONS_BY_CONDITION).flat()) expect(exported.has(reason), reason).to.equal(true);
  });
});

describe('hoursPerDayOf', () => {
  it('reads integers and decimal strings', () => {
    expect(hoursPerDayOf({ hoursPerDay: 8 })).to.equal(8);
    expect(hoursPerDayOf({ hoursPerDay: '7.5' })).to.equal(7.5);
  });
});
