import { expect } from 'chai';
import { RateLimiter, rateLimitHeaders } from '../../../../tools/jira-sim/rate-limiter.ts';

const config = {
  perIssueWrite: { enabled: true, windows: [{ limit: 2, windowMs: 1000 }, { limit: 3, windowMs: 10_000 }] },
  burst: { enabled: true, limit: 2, windowMs: 1000 },
};

describe('RateLimiter', () => {
  it('allows up to the limit per window and says how long to wait', () => {
    const limiter = new RateLimiter(config);
    expect(limiter.checkIssueWrite('1', 0)?.limited).to.equal(false);
    expect(limiter.checkIssueWrite('1', 100)?.limited).to.equal(false);
    const third = limiter.checkIssueWrite('1', 200);
    expect(third).to.include({ limited: true, limit: 2, retryAfterMs: 800, reason: 'jira-per-issue-on-write' });
    expect(limiter.checkIssueWrite('2', 200)?.limited, 'per issue').to.equal(false);
  });

  it('applies the longer window too', () => {
    const limiter = new RateLimiter(config);
    for (const t of [0, 1001, 2002]) expect(limiter.checkIssueWrite('1', t)?.limited).to.equal(false);
    const verdict = limiter.checkIssueWrite('1', 3003);
    expect(verdict).to.include({ limited: true, limit: 3, retryAfterMs: 10_000 - 3003 });
  });

  it('counts the burst per key and reports what remains', () => {
    const limiter = new RateLimiter(config);
    expect(limiter.checkBurst('u', 'GET /x', 0)).to.include({ limited: false, remaining: 1 });
    expect(limiter.checkBurst('u', 'GET /x', 1)).to.include({ limited: false, remaining: 0 });
    expect(limiter.checkBurst('u', 'GET /x', 2)).to.include({ limited: true, reason: 'jira-burst-based' });
    expect(limiter.checkBurst('u', 'POST /x', 2)?.limited).to.equal(false);
    expect(limiter.checkBurst('u', 'GET /x', 1001)?.limited).to.equal(false);
  });

  it('does nothing when disabled', () => {
    const limiter = new RateLimiter({ perIssueWrite: { enabled: false, windows: [] }, burst: { ...config.burst, enabled: false } });
    expect(limiter.checkBurst('u', 'GET /x', 0)).to.equal(undefined);
    expect(limiter.checkIssueWrite('1', 0)).to.equal(undefined);
  });

  it('builds the 429 headers', () => {
    const headers = rateLimitHeaders({ limited: true, limit: 20, remaining: 0, retryAfterMs: 1500, reason: 'jira-per-issue-on-write' }, Date.parse('2026-02-14T08:00:59Z'));
    expect(headers).to.deep.equal({
      'Retry-After': '2',
      'X-RateLimit-Limit': '20',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '2026-02-14T08:01Z',
      'RateLimit-Reason': 'jira-per-issue-on-write',
      'X-RateLimit-NearLimit': 'true',
    });
  });
});
