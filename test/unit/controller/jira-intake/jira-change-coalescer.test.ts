import { expect } from 'chai';
import { JiraChangeCoalescer } from '../../../../controller/jira-intake/jira-change-coalescer.ts';
import type { CoalescedRepo, JiraChangeCoalescerOptions } from '../../../../controller/jira-intake/jira-change-coalescer.ts';
import type { JiraWebhookEvent } from '../../../../controller/jira-intake/jira-event-inbox.ts';
import type { FromJiraResult } from '../../../../controller/from-jira/sync-jira-to-repo.ts';
import { TransientError } from '../../../../shared/core/tract-error.ts';
import { FakeTimers, settle } from '../../../support/fake-timers.ts';

const SITE = 'https://example.atlassian.net';
const PROJECT_OF: Record<string, string> = { '100': 'APP', '200': 'OPS' };
const RESULT: FromJiraResult = { tip: 'abc', applied: [], skipped: [], problems: [] };

/** The inbox's contract in memory. */
class MemoryInbox {
  readonly events = new Map<string, JiraWebhookEvent>();
  readonly done: string[][] = [];
  readonly #listeners = new Set<(event: JiraWebhookEvent) => void>();

  add(event: JiraWebhookEvent): void {
    this.events.set(event.identifier, event);
    for (const listener of this.#listeners) listener(event);
  }

  pending(): JiraWebhookEvent[] {
    return [...this.events.values()];
  }

  async markDone(ids: readonly string[]): Promise<void> {
    this.done.push([...ids]);
    for (const id of ids) this.events.delete(id);
  }

  subscribe(listener: (event: JiraWebhookEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

let counter = 0;
function event(overrides: Partial<JiraWebhookEvent> = {}): JiraWebhookEvent {
  counter += 1;
  return { identifier: `d-${counter}`, receivedAtMs: 0, kind: 'upsert', worklogId: String(1000 + counter), issueId: '100', site: SITE, ...overrides };
}

interface Harness {
  inbox: MemoryInbox;
  timers: FakeTimers;
  batches: Record<string, string[][]>;
  unclaimed: string[];
  coalescer: JiraChangeCoalescer;
  failNext: Set<string>;
}

function harness(repoSpecs: { key: string; projects: string[]; site?: string }[], options: Partial<JiraChangeCoalescerOptions> = {}): Harness {
  const inbox = new MemoryInbox();
  const timers = new FakeTimers();
  const batches: Record<string, string[][]> = {};
  const unclaimed: string[] = [];
  const failNext = new Set<string>();
  const repos: CoalescedRepo[] = repoSpecs.map((spec) => ({
    key: spec.key,
    site: spec.site ?? `${SITE}/`,
    projects: spec.projects,
    apply: async (events) => {
      if (failNext.delete(spec.key)) throw new TransientError('git remote unreachable');
      (batches[spec.key] ??= []).push(events.map((e) => e.worklogId));
      return RESULT;
    },
  }));
  const coalescer = new JiraChangeCoalescer({
    inbox, repos: () => repos, timers, flushSize: 3, flushDelayMs: 250, retry: { minMs: 1000, maxMs: 4000 },
    resolveIssue: async (_site, issueId) => (PROJECT_OF[issueId] ? { id: issueId, key: `${PROJECT_OF[issueId]}-1`, projectKey: PROJECT_OF[issueId]! } : undefined),
    onUnclaimed: (e) => unclaimed.push(e.worklogId),
    ...options,
  });
  return { inbox, timers, batches, unclaimed, coalescer, failNext };
}

describe('JiraChangeCoalescer', () => {
  it('flushes a repo\'s events as one batch a short delay after the first, then marks them done', async () => {
    const h = harness([{ key: 'team-a/app', projects: [] }]);
    h.coalescer.start();
    const [a, b] = [event(), event()];
    h.inbox.add(a);
    await h.timers.advance(100);
    h.inbox.add(b);
    await h.timers.advance(149);
    expect(h.batches).to.deep.equal({});
    await h.timers.advance(1);
    expect(h.batches).to.deep.equal({ 'team-a/app': [[a.worklogId, b.worklogId]] });
    expect(h.inbox.pending()).to.be.empty;
    await h.coalescer.idle();
    await h.coalescer.stop();
  });

  it('flushes at once when the batch is full', async () => {
    const h = harness([{ key: 'team-a/app', projects: [] }]);
    h.coalescer.start();
    const events = [event(), event(), event(), event()];
    for (const e of events) h.inbox.add(e);
    await settle();
    expect(h.batches['team-a/app']).to.deep.equal([events.slice(0, 3).map((e) => e.worklogId)]);
    await h.timers.advance(250);
    expect(h.batches['team-a/app']).to.deep.equal([events.slice(0, 3).map((e) => e.worklogId), [events[3]!.worklogId]]);
    await h.coalescer.stop();
  });

  it('routes by the issue\'s project, and reports and finishes events nobody claims', async () => {
    const h = harness([{ key: 'team-a/app', projects: ['APP'] }, { key: 'team-b/ops', projects: ['OPS'] }, { key: 'team-c/far', projects: [], site: 'https://other.example.com' }]);
    h.coalescer.start();
    const [app, ops, none, gone] = [event({ issueId: '100' }), event({ issueId: '200' }), event({ issueId: '300' }), event({ issueId: '999', kind: 'delete' })];
    for (const e of [app, ops, none, gone]) h.inbox.add(e);
    await h.timers.advance(250);
    expect(h.batches).to.deep.equal({ 'team-a/app': [[app.worklogId, gone.worklogId]], 'team-b/ops': [[ops.worklogId, gone.worklogId]] });
    expect(h.unclaimed).to.deep.equal([none.worklogId]);
    expect(h.inbox.pending()).to.be.empty;
    await h.coalescer.stop();
  });

  it('gives an event on a repo\'s own path to that repo only', async () => {
    const h = harness([{ key: 'team-a/app', projects: [] }, { key: 'team-b/web', projects: [] }]);
    h.coalescer.start();
    const own = event({ repo: 'team-b/web' });
    h.inbox.add(own);
    await h.timers.advance(250);
    expect(h.batches).to.deep.equal({ 'team-b/web': [[own.worklogId]] });
    await h.coalescer.stop();
  });

  it('keeps the events of a failed flush and retries them with backoff before marking them done', async () => {
    const h = harness([{ key: 'team-a/app', projects: [] }]);
    h.failNext.add('team-a/app');
    h.coalescer.start();
    const e = event();
    h.inbox.add(e);
    await h.timers.advance(250);
    expect(h.batches).to.deep.equal({});
    expect(h.inbox.pending().map((p) => p.identifier)).to.deep.equal([e.identifier]);
    await h.timers.advance(999);
    expect(h.batches).to.deep.equal({});
    await h.timers.advance(1);
    expect(h.batches).to.deep.equal({ 'team-a/app': [[e.worklogId]] });
    expect(h.inbox.pending()).to.be.empty;
    await h.coalescer.stop();
  });

  it('takes the events left in the journal when it starts', async () => {
    const h = harness([{ key: 'team-a/app', projects: [] }]);
    const left = event();
    h.inbox.add(left);
    h.coalescer.start();
    await h.timers.advance(250);
    expect(h.batches).to.deep.equal({ 'team-a/app': [[left.worklogId]] });
    await h.coalescer.stop();
  });

  it('retries routing later when the issue cannot be resolved now', async () => {
    let failures = 1;
    const h = harness([{ key: 'team-a/app', projects: ['APP'] }], {
      resolveIssue: async (_site, issueId) => {
        if (failures-- > 0) throw new TransientError('Jira did not answer');
        return { id: issueId, key: 'APP-1', projectKey: 'APP' };
      },
    });
    h.coalescer.start();
    const e = event();
    h.inbox.add(e);
    await h.timers.advance(250);
    expect(h.batches).to.deep.equal({});
    await h.timers.advance(1000 + 250);
    expect(h.batches).to.deep.equal({ 'team-a/app': [[e.worklogId]] });
    await h.coalescer.stop();
  });
});
