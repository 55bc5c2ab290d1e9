import { expect } from 'chai';
import type { RecordedEvent } from '../../../../controller/api/ports.ts';
import { recentEvents } from '../../../../controller/server/status-page-events.ts';

const at = (second: number): string => new Date(Date.UTC(2026, 1, 14, 9, 0, second)).toISOString();
const event = (second: number, message: string, key = 'team-a/app'): RecordedEvent => ({ key, type: 'Warning', reason: 'SyncFailed', message, time: at(second) });

describe('status page: recent events, bounded and de-duplicated', () => {
  it('folds repeats into one row with their count and latest time, newest first', () => {
    const { rows, hidden } = recentEvents([event(1, 'git fetch failed'), event(2, 'other'), event(3, 'git fetch failed'), event(4, 'git fetch failed')]);
    expect(rows.map((r) => [r.message, r.count, r.time])).to.deep.equal([['git fetch failed', 3, at(4)], ['other', 1, at(2)]]);
    expect(hidden).to.equal(0);
  });

  it('keeps the same message of two repos apart', () => {
    expect(recentEvents([event(1, 'm', 'team-a/app'), event(2, 'm', 'team-b/web')]).rows).to.have.length(2);
  });

  it('shows at most `limit` rows and says how many distinct ones it hides', () => {
    const events = Array.from({ length: 40 }, (_, i) => event(i, `commit ${i}`));
    const { rows, hidden } = recentEvents(events, 15);
    expect(rows).to.have.length(15);
    expect(rows[0]!.message).to.equal('commit 39');
    expect(hidden).to.equal(25);
  });
});
