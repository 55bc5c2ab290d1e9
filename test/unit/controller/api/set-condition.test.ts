import { expect } from 'chai';
import { findCondition, formatConditionTime, removeCondition, setCondition } from '../../../../controller/api/set-condition.ts';
import type { Condition } from '../../../../controller/api/tract-repo.ts';

const clockAt = (iso: string) => ({ now: () => new Date(iso) });
const ready = (status: Condition['status'], at: string, reason = 'Succeeded'): Condition => ({
  type: 'Ready',
  status,
  lastTransitionTime: at,
  reason,
  message: 'm',
});

describe('setCondition', () => {
  it('appends a new condition with the clock time, in whole seconds', () => {
    const result = setCondition(undefined, { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok', observedGeneration: 3 }, clockAt('2026-02-14T09:00:01.987Z'));
    expect(result).to.deep.equal([{ type: 'Ready', status: 'True', observedGeneration: 3, lastTransitionTime: '2026-02-14T09:00:01Z', reason: 'Succeeded', message: 'ok' }]);
  });

  it('keeps lastTransitionTime when only reason or message change', () => {
    const before = [ready('False', '2026-01-01T00:00:00Z', 'GitOperationFailed')];
    const [after] = setCondition(before, { type: 'Ready', status: 'False', reason: 'JiraAPIFailed', message: 'new' }, clockAt('2026-02-01T00:00:00Z'));
    expect(after).to.deep.equal({ ...before[0], reason: 'JiraAPIFailed', message: 'new' });
  });

  it('moves lastTransitionTime when the status flips', () => {
    const [after] = setCondition([ready('False', '2026-01-01T00:00:00Z')], { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }, clockAt('2026-02-01T10:00:00Z'));
    expect(after!.lastTransitionTime).to.equal('2026-02-01T10:00:00Z');
  });

  it('replaces in place, keeps the others, and does not change its input', () => {
    const before: Condition[] = [
      { type: 'Reconciling', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'Progressing', message: 'x' },
      ready('Unknown', '2026-01-01T00:00:00Z', 'Progressing'),
    ];
    const copy = structuredClone(before);
    const after = setCondition(before, { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }, clockAt('2026-02-01T00:00:00Z'));
    expect(after.map((c) => c.type)).to.deep.equal(['Reconciling', 'Ready']);
    expect(after[0]).to.equal(before[0]);
    expect(before).to.deep.equal(copy);
  });
});

describe('removeCondition and findCondition', () => {
  it('remove only the named type and find by type', () => {
    const list = [ready('True', '2026-01-01T00:00:00Z'), { ...ready('True', '2026-01-01T00:00:00Z'), type: 'Stalled' }];
    expect(removeCondition(list, 'Stalled').map((c) => c.type)).to.deep.equal(['Ready']);
    expect(removeCondition(undefined, 'Stalled')).to.deep.equal([]);
    expect(findCondition(list, 'Stalled')?.type).to.equal('Stalled');
    expect(findCondition(list, 'Reconciling')).to.equal(undefined);
  });
});

describe('formatConditionTime', () => {
  it('writes RFC 3339 UTC without fractions', () => {
    expect(formatConditionTime(new Date('2026-03-29T01:30:00.500Z'))).to.equal('2026-03-29T01:30:00Z');
  });
});
