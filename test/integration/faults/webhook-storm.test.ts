import { expect } from 'chai';
import { parseDuration } from '../../../shared/core/parse-duration.ts';
import { faultRandom, faultSeed } from '../../support/fault-random.ts';
import { git, removeTempDirs } from '../../support/git-fixtures.ts';
import { startFromJiraHarness } from '../../support/from-jira-harness.ts';
import type { FromJiraHarness } from '../../support/from-jira-harness.ts';

const FEB = 'worklogs/2026-02.jsonl';

/** Comments a person may type or paste in Jira: newlines, CR, NUL, ANSI escapes, Unicode line separators. */
const HOSTILE = ['two\nlines', 'cr\r\nlf', 'nul\u0000byte', 'ansi \u001b[31mred\u001b[0m', 'sep\u2028para\u2029end', '"quoted" \\ back\tslash', '{"id":"fake"}\n{"id":"line"}'];

interface GitLine { id: string; issue: string; time: string; comment?: string; deleted?: string; jira?: { worklogId: string } }

async function gitLines(h: FromJiraHarness): Promise<GitLine[]> {
  const text = await git(h.remote, ['show', `main:${FEB}`]).catch(() => '');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as GitLine);
}

describe('fault: a webhook storm with duplicate and out-of-order deliveries (Jira → Tract)', function () {
  this.timeout(120_000);
  let h: FromJiraHarness;

  beforeEach(async () => {
    h = await startFromJiraHarness();
  });
  afterEach(async () => {
    await h.close();
    removeTempDirs();
  });

  it('creates, updates and deletes, each delivered 1–3 times and shuffled: git ends equal to Jira', async () => {
    const seed = faultSeed(process.env['TRACT_FAULT_SEED']);
    const random = faultRandom(seed);
    console.log(`      seed ${seed} (replay: TRACT_FAULT_SEED=${seed})`);
    h.sim.control.addWebhookFault({ probability: 0.5, action: { type: 'duplicate', copies: 2 } });
    h.sim.control.addWebhookFault({ action: { type: 'reorder', window: 6 } });
    const ui = h.ui('john');
    const created: { issue: string; id: string }[] = [];
    for (let i = 0; i < 30; i += 1) {
      const issue = `APP-${random.int(1, 8)}`;
      const comment = i < HOSTILE.length ? HOSTILE[i]! : `storm ${i}`;
      const id = await ui.create(issue, { started: `2026-02-${String(1 + (i % 27)).padStart(2, '0')}T0${i % 10}:15:00.000+0000`, seconds: 900 * random.int(1, 16), comment });
      created.push({ issue, id });
    }
    for (let round = 0; round < 3; round += 1) {
      for (const { issue, id } of created.filter((_, i) => i % 3 === round)) {
        await ui.update(issue, id, { seconds: 900 * random.int(1, 16), comment: `${HOSTILE[random.int(0, HOSTILE.length - 1)]!} r${round}` });
      }
    }
    for (const { issue, id } of created.filter((_, i) => i % 5 === 4)) await ui.remove(issue, id);
    await h.settle();
    await h.settle();

    const jira = h.sim.control.state().worklogs;
    const all = await gitLines(h);
    const lines = all.filter((l) => l.deleted === undefined);
    const removed = created.filter((_, i) => i % 5 === 4).map((c) => c.id).sort();
    // A delete whose create was committed before leaves a tombstone; one that came in the same batch as
    // its create leaves nothing (git never had it). Either way no deleted worklog is live in git.
    for (const tombstone of all.filter((l) => l.deleted !== undefined)) expect(removed, 'a tombstone of a worklog deleted in Jira').to.include(tombstone.jira?.worklogId);
    expect(lines.map((l) => l.jira?.worklogId).sort(), 'the worklogs in git are those in Jira').to.deep.equal(jira.map((w) => w.id).sort());
    for (const worklog of jira) {
      const line = lines.find((l) => l.jira?.worklogId === worklog.id)!;
      expect(line.issue, worklog.id).to.equal(worklog.issueKey);
      expect(parseDuration(line.time), `time of ${worklog.id}`).to.equal(worklog.timeSpentSeconds);
      // Line ends become \n (docs/from-jira.md); everything else is kept as Jira has it.
      expect(line.comment ?? '', `comment of ${worklog.id}`).to.equal((worklog.comment ?? '').replace(/\r\n?/g, '\n'));
    }
    expect(new Set(all.map((l) => l.id)).size, 'one line per record').to.equal(all.length);
    expect(h.outcomes.filter((o) => o === 'duplicate').length, 'duplicates were delivered').to.be.above(0);

    // Hostile comments never reach commit subjects and never break a JSONL line.
    const raw = await git(h.remote, ['show', `main:${FEB}`]);
    expect(raw.split('\n').filter(Boolean), 'one physical line per record').to.have.length(all.length);
    // JSON forbids raw C0 controls in strings; U+2028/2029 and DEL are legal JSON and stay raw (not line ends for git or `\n` readers).
    // eslint-disable-next-line no-control-regex
    expect(raw, 'raw control characters in the JSONL file').to.not.match(/[\u0000-\u0009\u000b-\u001f]/);
    for (const line of raw.split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown).to.not.throw();
    const subjects = await git(h.remote, ['log', '--format=%s%x00%b%x01', 'main']);
    for (const commit of subjects.split('\u0001').filter((c) => c.trim() !== '')) {
      const [subject = ''] = commit.trim().split('\u0000');
      // eslint-disable-next-line no-control-regex
      expect(subject, 'commit subject').to.not.match(/[\u0000-\u001f\u007f\u2028\u2029]/);
      expect(subject).to.not.include('fake');
    }
  });
});
