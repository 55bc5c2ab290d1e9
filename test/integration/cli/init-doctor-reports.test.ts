import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSyncServer } from '../../support/fake-sync-server.ts';
import { git, gitLog, makeBareRemote, makeClone, removeTempDirs, tempDir } from '../../support/git-fixtures.ts';
import { JOHN, TractSession } from './run-tract.ts';

describe('tract init', () => {
  afterEach(removeTempDirs);

  it('is safe to re-run: no change, no commit; the union rule is merged once into an existing .gitattributes', async () => {
    const remote = await makeBareRemote({ files: { '.gitattributes': '*.png binary' } });
    const clone = await makeClone(remote, JOHN);
    const tract = new TractSession();
    expect((await tract.run(clone, ['init'])).code).to.equal(0);
    const again = await tract.run(clone, ['init']);
    expect(again.stdout).to.contain('✓ Tract is already set up');
    expect(readFileSync(join(clone, '.gitattributes'), 'utf8')).to.equal('*.png binary\nworklogs/*.jsonl merge=union\n');
    expect(await gitLog(remote, 'main')).to.deep.equal(['[tract] Initialise tract', 'Initial commit']);
    const changed = await tract.run(clone, ['init', '--author', 'john.mcmullan', '--timezone', 'America/New_York']);
    expect(changed.stdout).to.contain('✓ Initialised tract');
    expect(readFileSync(join(clone, '.tract/config.yaml'), 'utf8')).to.match(/author: john\.mcmullan\n[\s\S]*timezone: America\/New_York/);
    expect(await git(clone, ['ls-files'])).to.contain('worklogs/.gitkeep');
  });

  it('runs git init in a plain directory', async () => {
    const dir = join(tempDir(), 'fresh');
    mkdirSync(dir);
    const tract = new TractSession();
    const result = await tract.run(dir, ['init', '--author', 'john.mcmullan']);
    expect(result.code, result.stderr).to.equal(0);
    expect(await gitLog(dir)).to.deep.equal(['[tract] Initialise tract']);
  });

  it('refuses a bad --sync-server before touching anything', async () => {
    const dir = join(tempDir(), 'fresh');
    mkdirSync(dir);
    const result = await new TractSession().run(dir, ['init', '--sync-server', 'tract-server:3100']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('http(s) URL');
  });
});

describe('tract doctor', () => {
  let server: FakeSyncServer;
  beforeEach(async () => {
    server = await FakeSyncServer.start();
  });
  afterEach(async () => {
    await server.close();
    removeTempDirs();
  });

  it('all good: ✓ lines with config sources, exit 0; a derived author says so', async () => {
    const remote = await makeBareRemote();
    const clone = await makeClone(remote, JOHN);
    server.addRepo({ namespace: 'team-a', name: 'app', gitDir: remote });
    const tract = new TractSession();
    await tract.run(clone, ['init', '--timezone', 'Europe/Berlin', '--sync-server', server.url, '--hooks']);
    const result = await tract.run(clone, ['doctor'], { TRACT_HOURS_PER_DAY: '7.5' });
    expect(result.code, result.stdout).to.equal(0);
    expect(result.stdout).to.contain('✓ author: john.mcmullan (derived from git user.email)');
    expect(result.stdout).to.contain('✓ config: timezone = Europe/Berlin (repo: .tract/config.yaml; env TRACT_TIMEZONE)');
    expect(result.stdout).to.contain('✓ config: hoursPerDay = 7.5 (env: environment; env TRACT_HOURS_PER_DAY)');
    expect(result.stdout).to.contain(`✓ sync server: ${server.url} /health ok (version 1.0.0)`);
    expect(result.stdout).to.contain('✓ sync server: this clone is TractRepo team-a/app');
    expect(result.stdout).to.contain('✓ hooks: reference-transaction installed');
    expect(result.stdout).not.to.contain('✗');
  });

  it('problems: ✗ lines and exit 2', async () => {
    const clone = await makeClone(await makeBareRemote(), JOHN);
    const tract = new TractSession();
    await tract.run(clone, ['init']);
    writeFileSync(join(clone, '.tract/config.yaml'), 'hoursPerDay: 30\ntimezone: Mars/Olympus\nsync:\n  token: oops\n');
    const result = await tract.run(clone, ['doctor']);
    expect(result.code).to.equal(2);
    expect(result.stdout).to.contain('✗ config: .tract/config.yaml: hoursPerDay: expected hours between 0 and 24, found 30');
    expect(result.stdout).to.contain('✗ config: .tract/config.yaml: sync.token');
    expect(result.stdout).not.to.contain('oops');
    expect(result.stdout).to.contain('✗ timezone: Unknown time zone "Mars/Olympus"');
  });
});

describe('tract timesheet and worklogs output', () => {
  afterEach(removeTempDirs);

  it('week view: box table, per-day totals with ✅ ⚠️ 🔥, CSV rows', async () => {
    const clone = await makeClone(await makeBareRemote(), JOHN);
    const tract = new TractSession({ now: new Date('2026-02-13T17:00:00.000Z') });
    await tract.run(clone, ['init', '--timezone', 'Europe/Berlin', '--author', 'john.mcmullan']);
    await tract.run(clone, ['log', 'APP-1', '8h', 'Day one', '--started', '2026-02-09 09:00']);
    await tract.run(clone, ['log', 'APP-2', '11h', 'Long day', '--started', '2026-02-10 08:00']);
    await tract.run(clone, ['log', 'APP-3', '2h', 'Short, "quoted"', '--started', '2026-02-11 09:00']);
    const text = await tract.run(clone, ['timesheet', '--week', '2026-W07']);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.contain('john.mcmullan · 2026-W07 (Europe/Berlin)');
    expect(text.stdout).to.contain('┌').and.to.contain('┘');
    expect(text.stdout).to.contain('✅ target 8h met').and.to.contain('🔥 3h over target (8h)').and.to.contain('⚠️ 6h under target (8h)');
    const csv = await tract.run(clone, ['timesheet', '--week', '2026-W07', '--format', 'csv']);
    expect(csv.stdout.split('\n')).to.include.members([
      'author,date,issue,started,time,timeSeconds,comment',
      'john.mcmullan,2026-02-11,APP-3,2026-02-11T09:00:00.000+01:00,2h,7200,"Short, ""quoted"""',
    ]);
    const month = JSON.parse((await tract.run(clone, ['timesheet', '--month', '2026-02', '--json'])).stdout) as { totalSeconds: number; days: unknown[] };
    expect(month.totalSeconds).to.equal(21 * 3600);
  });
});
