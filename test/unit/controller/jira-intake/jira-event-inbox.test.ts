import { expect } from 'chai';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { JiraEventInbox } from '../../../../controller/jira-intake/jira-event-inbox.ts';
import type { JiraWebhookEvent } from '../../../../controller/jira-intake/jira-event-inbox.ts';
import { removeTempDirs, tempDir } from '../../../support/git-fixtures.ts';

const HOUR_MS = 3_600_000;

class ManualClock {
  ms = Date.parse('2026-02-14T09:00:00.000Z');
  now(): Date {
    return new Date(this.ms);
  }
}

function event(identifier: string, overrides: Partial<JiraWebhookEvent> = {}): JiraWebhookEvent {
  return { identifier, receivedAtMs: 1, kind: 'upsert', worklogId: '10234', issueId: '12345', site: 'https://example.atlassian.net', ...overrides };
}

const journal = (dir: string): string => readFileSync(join(dir, 'jira-webhook-journal.jsonl'), 'utf8');

describe('JiraEventInbox', () => {
  let dir: string;
  let clock: ManualClock;
  const open = (options: Partial<Parameters<typeof JiraEventInbox.open>[1]> = {}): Promise<JiraEventInbox> =>
    JiraEventInbox.open(dir, { clock, ...options });

  beforeEach(() => {
    dir = tempDir('tract-inbox-');
    clock = new ManualClock();
  });
  afterEach(removeTempDirs);

  it('keeps accepted events across a restart until they are marked done', async () => {
    const first = await open();
    expect(await first.accept(event('a'))).to.equal('accepted');
    expect(await first.accept(event('b', { kind: 'delete' }))).to.equal('accepted');
    await first.markDone(['a']);
    // No close: a crash right after answering.
    const second = await open();
    expect(second.pending()).to.deep.equal([event('b', { kind: 'delete' })]);
    await first.close();
    await second.close();
  });

  it('answers duplicate for an identifier it has seen, also after a restart and after done', async () => {
    const first = await open();
    await first.accept(event('a'));
    expect(await first.accept(event('a', { worklogId: '2' }))).to.equal('duplicate');
    await first.markDone(['a']);
    await first.close();
    const second = await open();
    expect(await second.accept(event('a'))).to.equal('duplicate');
    expect(second.pending()).to.be.empty;
    await second.close();
  });

  it('forgets identifiers after the remember window', async () => {
    const inbox = await open({ rememberMs: 24 * HOUR_MS });
    await inbox.accept(event('a'));
    await inbox.markDone(['a']);
    clock.ms += 25 * HOUR_MS;
    expect(await inbox.accept(event('a'))).to.equal('accepted');
    await inbox.close();
  });

  it('remembers at most maxRemembered identifiers, forgetting the oldest', async () => {
    const inbox = await open({ maxRemembered: 2 });
    for (const id of ['a', 'b', 'c']) {
      await inbox.accept(event(id));
      clock.ms += 1;
    }
    expect(await inbox.accept(event('c'))).to.equal('duplicate');
    expect(await inbox.accept(event('a'))).to.equal('accepted');
    await inbox.close();
  });

  it('tells subscribers about each event once it is stored', async () => {
    const inbox = await open();
    const seen: string[] = [];
    const stop = inbox.subscribe((e) => seen.push(`${e.identifier}:${journal(dir).includes(`"identifier":"${e.identifier}"`)}`));
    await inbox.accept(event('a'));
    await inbox.accept(event('a'));
    stop();
    await inbox.accept(event('b'));
    expect(seen).to.deep.equal(['a:true']);
    await inbox.close();
  });

  it('stores a burst of concurrent deliveries, every one of them', async () => {
    const inbox = await open();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => inbox.accept(event(`id-${i}`))));
    expect(results.every((r) => r === 'accepted')).to.equal(true);
    await inbox.close();
    const reopened = await open();
    expect(reopened.pending()).to.have.length(200);
    await reopened.close();
  });

  it('ignores a torn last line left by a crash mid-write', async () => {
    const inbox = await open();
    await inbox.accept(event('a'));
    await inbox.close();
    appendFileSync(join(dir, 'jira-webhook-journal.jsonl'), '{"accept":{"identifier":"b","recei');
    const reopened = await open();
    expect(reopened.pending().map((e) => e.identifier)).to.deep.equal(['a']);
    expect(await reopened.accept(event('b'))).to.equal('accepted');
    await reopened.close();
  });

  it('compacts the journal to what is still needed', async () => {
    const inbox = await open({ compactAfterLines: 10 });
    for (let i = 0; i < 30; i += 1) {
      await inbox.accept(event(`id-${i}`));
      if (i !== 7) await inbox.markDone([`id-${i}`]);
    }
    expect(journal(dir).split('\n').filter(Boolean).length).to.be.below(40);
    await inbox.close();
    const reopened = await open();
    expect(reopened.pending().map((e) => e.identifier)).to.deep.equal(['id-7']);
    expect(await reopened.accept(event('id-3'))).to.equal('duplicate');
    await reopened.close();
  });

  it('starts from an empty or missing journal', async () => {
    writeFileSync(join(dir, 'jira-webhook-journal.jsonl'), '');
    const inbox = await open();
    expect(inbox.pending()).to.deep.equal([]);
    await inbox.close();
  });
});
