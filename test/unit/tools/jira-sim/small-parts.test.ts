import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { adfToText, isAdfDoc, textToAdf } from '../../../../tools/jira-sim/adf.ts';
import { firingFaults, type FaultRule } from '../../../../tools/jira-sim/fault-rules.ts';
import { projectFilter } from '../../../../tools/jira-sim/project-filter.ts';
import { seededRandom } from '../../../../tools/jira-sim/random.ts';
import { endpointOf } from '../../../../tools/jira-sim/rest-middleware.ts';
import { shouldRetry } from '../../../../tools/jira-sim/webhook-delivery.ts';
import { webhookSignature } from '../../../../tools/jira-sim/webhook-signature.ts';

describe('jira-sim small parts', () => {
  it('ADF: text round trip, one paragraph per line', () => {
    const doc = textToAdf('one\ntwo');
    expect(isAdfDoc(doc)).to.equal(true);
    expect(adfToText(doc)).to.equal('one\ntwo');
    expect(isAdfDoc('text')).to.equal(false);
    expect(isAdfDoc({ type: 'doc', content: [] }), 'needs a version').to.equal(false);
  });

  it('project filter understands project = X and project in (…), and matches all otherwise', () => {
    expect(projectFilter('project = APP')('APP')).to.equal(true);
    expect(projectFilter('project = app')('OPS')).to.equal(false);
    expect(projectFilter('project in (APP, "OPS")')('OPS')).to.equal(true);
    expect(projectFilter('')('ANY')).to.equal(true);
    expect(projectFilter('assignee = currentUser()')('ANY')).to.equal(true);
  });

  it('webhook signature is sha256=<hex HMAC of the raw body>', () => {
    const expected = createHmac('sha256', 'k').update('{"a":1}').digest('hex');
    expect(webhookSignature('k', '{"a":1}')).to.equal(`sha256=${expected}`);
  });

  it("retries exactly Jira's statuses", () => {
    expect([0, 408, 409, 425, 429, 500, 503].every(shouldRetry)).to.equal(true);
    expect([200, 204, 400, 401, 404, 410].some(shouldRetry)).to.equal(false);
  });

  it('burst endpoints are path templates', () => {
    expect(endpointOf('POST', '/rest/api/3/issue/APP-1/worklog')).to.equal('POST /rest/api/3/issue/{issueIdOrKey}/worklog');
    expect(endpointOf('PUT', '/rest/api/3/issue/10001/worklog/10002/properties/tract')).to.equal(
      'PUT /rest/api/3/issue/{issueIdOrKey}/worklog/{id}/properties/{propertyKey}',
    );
  });

  it('fault rules: method/path matching, counts, one terminal fault, latency stacks', () => {
    const rules: FaultRule[] = [
      { id: 'a', action: { type: 'latency', ms: 5 } },
      { id: 'b', method: 'post', path: '/worklog$', count: 1, action: { type: 'error', status: 500 } },
      { id: 'c', count: 1, action: { type: 'error', status: 503 } },
    ];
    const random = seededRandom(1);
    expect(firingFaults(rules, 'GET', '/x', random).map((a) => a.type)).to.deep.equal(['latency', 'error']);
    expect(firingFaults(rules, 'POST', '/i/worklog', random)).to.deep.equal([{ type: 'latency', ms: 5 }, { type: 'error', status: 500 }]);
    expect(firingFaults(rules, 'POST', '/i/worklog', random)).to.deep.equal([{ type: 'latency', ms: 5 }]);
  });

  it('seeded random is reproducible', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).to.deep.equal([b(), b(), b()]);
  });
});
