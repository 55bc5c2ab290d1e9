import { expect } from 'chai';
import { DEFAULT_SUGGEST_OPTIONS, issueKeysIn, suggestWorklogs, type DayCommit } from '../../../../shared/core/suggest-worklogs.ts';

const at = (time: string) => Date.parse(`2026-02-12T${time}:00Z`);
const commit = (hash: string, time: string, subject: string, branchKeys: string[] = [], repo = 'app'): DayCommit => ({ repo, hash, at: at(time), subject, branchKeys });
const options = { ...DEFAULT_SUGGEST_OPTIONS, alreadyLogged: new Set<string>() };

describe('suggestWorklogs', () => {
  it('reads upper-case keys only', () => {
    expect(issueKeysIn('APP-1 and web-2, OPS_X-30 again APP-1')).to.deep.equal(['APP-1', 'OPS_X-30']);
  });

  it('splits a commit naming two issues and counts a gap of exactly 2h as work', () => {
    const result = suggestWorklogs([commit('a', '09:00', 'Start', ['APP-1']), commit('b', '11:00', 'APP-1 APP-2 shared fix')], options);
    // 09:00: 30m to APP-1; 11:00: the 2h gap split, 1h each.
    expect(result.suggestions.map((s) => [s.issue, s.seconds / 60])).to.deep.equal([['APP-1', 90], ['APP-2', 60]]);
  });

  it('counts a commit seen in two clones once, and a gap over 2h as a new session', () => {
    const result = suggestWorklogs([commit('a', '09:00', 'x', ['APP-1']), commit('a', '09:00', 'x', ['APP-1'], 'fork'), commit('c', '11:01', 'y', ['APP-1'])], options);
    expect(result.suggestions.map((s) => [s.issue, s.seconds / 60, new Date(s.startMs).toISOString()])).to.deep.equal([['APP-1', 60, '2026-02-12T08:30:00.000Z']]);
  });
});
