import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, gitLog, makeBareRemote, makeClone, removeTempDirs } from '../../support/git-fixtures.ts';
import { JOHN, TractSession } from './run-tract.ts';

const ID_A = '019c5000-0000-7000-8000-00000000000a';
const ID_B = '019c5000-0000-7000-8000-00000000000b';

describe('tract edit and tract delete', () => {
  let remote: string;
  let clone: string;
  let tract: TractSession;

  beforeEach(async () => {
    remote = await makeBareRemote();
    clone = await makeClone(remote, JOHN);
    tract = new TractSession({ now: new Date('2026-02-12T10:00:00.000Z') });
    expect((await tract.run(clone, ['init', '--timezone', 'Europe/Berlin'])).code).to.equal(0);
    const lines = [
      { id: ID_A, issue: 'APP-1234', author: 'john.mcmullan', time: '2h', started: '2026-02-10T09:00:00.000+01:00', comment: 'Fixed bug', custom: { keep: true } },
      { id: ID_B, issue: 'APP-1235', author: 'john.mcmullan', time: '90m', started: '2026-02-10T11:00:00.000+01:00' },
      { issue: 'APP-7', author: 'sarah.chen', time: '1h', started: '2026-02-11T09:00:00+01:00' },
    ];
    writeFileSync(join(clone, 'worklogs/2026-02.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"id":"019c5000-dead","issue":\n`);
    await git(clone, ['add', 'worklogs']);
    await git(clone, ['commit', '-qm', 'seed']);
    await git(clone, ['push', '-q', 'origin', 'main']);
  });
  afterEach(removeTempDirs);

  const file = () => readFileSync(join(clone, 'worklogs/2026-02.jsonl'), 'utf8').split('\n').filter(Boolean);

  it('edits in place: normalised time, updated set, unknown fields kept, malformed line untouched', async () => {
    const result = await tract.run(clone, ['edit', ID_A, '--time', '180m', '--comment', 'Fixed login bug']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(`✓ Edited worklog ${ID_A} on APP-1234 (2h → 3h)\n`);
    const edited = JSON.parse(file()[0]!) as Record<string, unknown>;
    expect(edited).to.deep.include({ id: ID_A, time: '3h', comment: 'Fixed login bug', custom: { keep: true }, updated: '2026-02-12T10:01:00.000Z' });
    expect(file()[3]).to.equal('{"id":"019c5000-dead","issue":');
    expect((await gitLog(remote, 'main'))[0]).to.equal('[tract] Edit worklog on APP-1234 (2h → 3h)');
  });

  it('time unchanged: the subject names the current time; --issue shows the move', async () => {
    await tract.run(clone, ['edit', ID_B, '--comment', 'Review']);
    await tract.run(clone, ['edit', ID_B, '--issue', 'APP-1236']);
    expect((await gitLog(clone)).slice(0, 2)).to.deep.equal([
      '[tract] Edit worklog on APP-1235 → APP-1236 (1.5h)',
      '[tract] Edit worklog on APP-1235 (1.5h)',
    ]);
  });

  it('moves the line to another month file when started changes month', async () => {
    const result = await tract.run(clone, ['edit', ID_A, '--started', '2026-01-30 09:00']);
    expect(result.code, result.stderr).to.equal(0);
    expect(file().some((line) => line.includes(ID_A))).to.equal(false);
    const january = readFileSync(join(clone, 'worklogs/2026-01.jsonl'), 'utf8');
    expect(JSON.parse(january)).to.include({ id: ID_A, started: '2026-01-30T09:00:00.000+01:00' });
    expect(await git(clone, ['status', '--porcelain'])).to.equal('');
  });

  it('addresses a hand-written line by its derived h- id and pins the id when rewriting', async () => {
    const list = JSON.parse((await tract.run(clone, ['worklogs', 'APP-7', '--json'])).stdout) as { worklogs: { id: string }[] };
    const derived = list.worklogs[0]!.id;
    expect(derived).to.match(/^h-[0-9a-f]{16}$/);
    const result = await tract.run(clone, ['edit', derived.slice(0, 6), '--time', '2h']);
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(file()[2]!)).to.include({ id: derived, time: '2h' });
  });

  it('an ambiguous prefix lists the candidates; exit 2', async () => {
    const result = await tract.run(clone, ['delete', '019c5000']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('Ambiguous id "019c5000" matches 2 worklogs').and.to.contain(ID_A).and.to.contain(ID_B);
  });

  it('a malformed target line is refused; exit 2', async () => {
    const result = await tract.run(clone, ['delete', '019c5000-dead']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/malformed line \(worklogs\/2026-02\.jsonl:4: .*\): fix that line by hand/);
  });

  it('marks the record deleted (a tombstone, the line stays) and drops its queue entry, in one commit', async () => {
    mkdirSync(join(clone, '.tract/queue/worklogs'), { recursive: true });
    writeFileSync(join(clone, '.tract/queue/worklogs/2026-02-11-001.json'), JSON.stringify({ version: 1, worklogId: ID_B, file: 'worklogs/2026-02.jsonl', queuedAt: '2026-02-11T10:00:00.000Z', reason: 'sync server unreachable' }));
    await git(clone, ['add', '.tract']);
    await git(clone, ['commit', '-qm', 'queue']);
    const result = await tract.run(clone, ['delete', ID_B]);
    expect(result.stdout).to.equal(`✓ Deleted worklog ${ID_B} on APP-1235 (1.5h)\n`);
    expect(file()).to.have.lengthOf(4);
    const tombstone = JSON.parse(file().find((line) => line.includes(ID_B))!) as Record<string, unknown>;
    expect(tombstone).to.include({ id: ID_B, issue: 'APP-1235' });
    expect(tombstone.deleted).to.be.a('string').and.equal(tombstone.updated);
    expect(await git(clone, ['show', '--name-only', '--format=%s', 'HEAD'])).to.equal(
      '[tract] Delete worklog on APP-1235 (1.5h)\n\n.tract/queue/worklogs/2026-02-11-001.json\nworklogs/2026-02.jsonl\n',
    );
  });

  it('a deleted record cannot be deleted or edited again; worklogs --all shows it, out of the total', async () => {
    expect((await tract.run(clone, ['delete', ID_B])).code).to.equal(0);
    const again = await tract.run(clone, ['delete', ID_B]);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(new RegExp(`Worklog ${ID_B} on APP-1235 was deleted at \\S+ \\(see \`tract worklogs APP-1235 --all\`\\)`));
    expect((await tract.run(clone, ['edit', ID_B, '--time', '3h'])).code).to.equal(2);
    const shown = JSON.parse((await tract.run(clone, ['worklogs', 'APP-1235', '--all', '--json'])).stdout) as { worklogs: { id: string; sync: string }[]; totalSeconds: number };
    expect(shown.worklogs.map((w) => [w.id, w.sync])).to.deep.equal([[ID_B, 'deleted']]);
    expect(shown.totalSeconds).to.equal(0);
    const plain = JSON.parse((await tract.run(clone, ['worklogs', 'APP-1235', '--json'])).stdout) as { worklogs: unknown[] };
    expect(plain.worklogs).to.deep.equal([]);
  });

  it('refuses to edit a file with uncommitted changes', async () => {
    writeFileSync(join(clone, 'worklogs/2026-02.jsonl'), `${file().join('\n')}\n\n`);
    const result = await tract.run(clone, ['edit', ID_A, '--time', '3h']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('uncommitted changes');
  });
});
