/**
 * Reasons that leave the process are contracts (docs/code-style.md, "Errors"): the pages that document them
 * and the catalogues in code (shared/core/error-reasons.ts, controller/api/condition-reasons.ts) name the
 * same texts. A failure names the page and the reason.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { API_ERROR_REASONS, ERROR_REASONS } from '../../../shared/core/error-reasons.ts';
import { CONDITION_TYPES, EVENT_REASONS, READY_REASONS, REASONS_BY_CONDITION } from '../../../controller/api/condition-reasons.ts';

const page = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url)), 'utf8');

/** The text of `doc` from `start` up to `end` (exclusive). */
function between(doc: string, start: string, end: string): string {
  const from = doc.indexOf(start);
  expect(from, `"${start}" not found`).to.be.greaterThan(-1);
  const to = doc.indexOf(end, from + start.length);
  return doc.slice(from + start.length, to === -1 ? undefined : to);
}

/** The backticked one-word CamelCase names in `text`: reasons, as the pages write them. */
const reasonsIn = (text: string): string[] => [...new Set([...text.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]!))];

const notIn = (reasons: readonly string[], known: Iterable<string>): string[] => {
  const set = new Set(known);
  return reasons.filter((reason) => !set.has(reason));
};

describe('wire reasons: the docs and the catalogues agree', () => {
  it('docs/tractrepo.md, "Conditions and reasons": each condition type lists exactly its reasons', () => {
    const section = between(page('tractrepo.md'), '## Conditions and reasons', '\n## ');
    for (const type of CONDITION_TYPES) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${type}\` |`));
      expect(row, `no row for ${type}`).to.be.a('string');
      const documented = reasonsIn(row!.split('|')[3]!);
      expect(documented, type).to.have.members([...new Set(REASONS_BY_CONDITION[type])]);
    }
  });

  it('docs/tractrepo.md lists exactly the event reasons', () => {
    const events = between(page('tractrepo.md'), 'Event reasons (`EVENT_REASONS`):', '\n\n');
    expect(reasonsIn(events)).to.have.members(Object.values(EVENT_REASONS));
  });

  it('docs/controller-api.md lists exactly the API error reasons, and its examples use catalogued reasons', () => {
    const doc = page('controller-api.md');
    expect(reasonsIn(between(doc, 'The error reasons (`API_ERROR_REASONS`', '. A record'))).to.have.members(Object.keys(API_ERROR_REASONS));
    const examples = [...doc.matchAll(/"reason": ?"([^"]+)"/g)].map((m) => m[1]!);
    expect(examples.length).to.be.greaterThan(0);
    expect(notIn(examples, [...Object.keys(ERROR_REASONS), ...Object.keys(API_ERROR_REASONS)])).to.deep.equal([]);
  });

  it('docs/metrics.md names only error, Ready and event reasons as tract_sync_errors_total reasons', () => {
    const counted = between(page('metrics.md'), 'counts two kinds of events', 'The state gauges');
    const named = [...reasonsIn(counted), ...[...counted.matchAll(/reason="([A-Z][A-Za-z]+)"/g)].map((m) => m[1]!)];
    expect(named).to.include.members(['IssueNotFound', 'GitOperationFailed']);
    expect(notIn(named, [...Object.keys(ERROR_REASONS), ...READY_REASONS, ...Object.values(EVENT_REASONS)])).to.deep.equal([]);
  });
});
