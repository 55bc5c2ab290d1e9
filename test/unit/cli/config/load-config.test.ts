import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../../../shared/core/tract-error.ts';
import { decodeConfigEnv, decodeConfigObject } from '../../../../cli/config/decode-config-values.ts';
import { loadConfig, readConfig, userConfigPath } from '../../../../cli/config/load-config.ts';

describe('cli/config', () => {
  let root: string;
  let repo: string;
  let home: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tract-config-'));
    repo = join(root, 'repo');
    home = join(root, 'home');
    mkdirSync(join(repo, '.tract'), { recursive: true });
    mkdirSync(join(home, '.config', 'tract'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const writeRepo = (text: string) => writeFileSync(join(repo, '.tract', 'config.yaml'), text);
  const writeUser = (text: string) => writeFileSync(join(home, '.config', 'tract', 'config.yaml'), text);

  it('precedence: flags > env > repo file > user file > defaults, with the source of each value', async () => {
    writeUser('timezone: Asia/Tokyo\nauthor: user-file\nhoursPerDay: 6\ndailyTarget: 6h\nworklogDir: time\n');
    writeRepo('timezone: Europe/Berlin\nauthor: repo-file\nhoursPerDay: 7.5\n');
    const env = { HOME: home, TRACT_TIMEZONE: 'America/New_York', TRACT_AUTHOR: 'env-author' };
    const loaded = await loadConfig({ repoDir: repo, env, flags: { author: 'flag-author' } });
    expect(loaded.config).to.deep.include({
      author: 'flag-author',
      timezone: 'America/New_York',
      hoursPerDay: 7.5,
      daysPerWeek: 5,
      dailyTarget: '6h',
      worklogDir: 'time',
    });
    expect(loaded.sources).to.deep.include({ author: 'flag', timezone: 'env', hoursPerDay: 'repo', dailyTarget: 'user', daysPerWeek: 'default' });
  });

  it('honours XDG_CONFIG_HOME for the user file', async () => {
    const xdg = join(root, 'xdg');
    mkdirSync(join(xdg, 'tract'), { recursive: true });
    writeFileSync(join(xdg, 'tract', 'config.yaml'), 'author: from-xdg\n');
    expect(userConfigPath({ HOME: home, XDG_CONFIG_HOME: xdg })).to.equal(join(xdg, 'tract', 'config.yaml'));
    const loaded = await loadConfig({ repoDir: repo, env: { HOME: home, XDG_CONFIG_HOME: xdg }, flags: {} });
    expect(loaded.config.author).to.equal('from-xdg');
  });

  it('the repo config file: sync.enabled and sync.server; TRACT_SYNC_SERVER beats it; an empty variable is unset', async () => {
    writeRepo('sync:\n  enabled: true\n  server: http://tract-server:3100/\n');
    const fromFile = await loadConfig({ repoDir: repo, env: { TRACT_SYNC_SERVER: '' }, flags: {} });
    expect(fromFile.config.sync).to.deep.include({ enabled: true, server: 'http://tract-server:3100' });
    const fromEnv = await loadConfig({ repoDir: repo, env: { TRACT_SYNC_SERVER: 'http://other:3100', TRACT_SYNC_ENABLED: 'no' }, flags: {} });
    expect(fromEnv.config.sync).to.deep.include({ enabled: false, server: 'http://other:3100' });
  });

  it('collects every problem with where, key, expected and found; loadConfig throws one line', async () => {
    writeRepo('hoursPerDay: 30\ndaysPerWeek: "five"\nsync:\n  server: ftp://x\n  token: t0ken\nunknownKey: 1\n');
    const read = await readConfig({ repoDir: repo, env: { TRACT_DAYS_PER_WEEK: '9' }, flags: {} });
    expect(read.problems.map((p) => `${p.where} ${p.key}`)).to.deep.equal([
      'TRACT_DAYS_PER_WEEK daysPerWeek',
      '.tract/config.yaml hoursPerDay',
      '.tract/config.yaml daysPerWeek',
      '.tract/config.yaml sync.server',
      '.tract/config.yaml sync.token',
    ]);
    expect(JSON.stringify(read.problems)).not.to.contain('t0ken');
    expect(read.layers.find((l) => l.source === 'repo')?.decoded.unknownKeys).to.deep.equal(['unknownKey']);
    const error = await loadConfig({ repoDir: repo, env: {}, flags: {} }).catch((err: unknown) => err);
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.match(/^Invalid configuration: .tract\/config.yaml: hoursPerDay: expected hours between 0 and 24, found 30 \(\+3 more; run `tract doctor`\)$/);
  });

  it('reports invalid YAML with its line', async () => {
    writeRepo('author: x\n  bad: indent\n');
    const read = await readConfig({ repoDir: repo, env: {}, flags: {} });
    expect(read.problems[0]).to.include({ where: '.tract/config.yaml:1', expected: 'valid YAML' });
  });

  it('decodes values by type from files and the environment', () => {
    expect(decodeConfigObject({ hoursPerDay: '8' }, 'f').problems[0]).to.include({ key: 'hoursPerDay', expected: 'a number', found: '"8"' });
    expect(decodeConfigEnv({ TRACT_HOURS_PER_DAY: '7.5', TRACT_SYNC_ENABLED: 'false' }).values).to.deep.equal({ hoursPerDay: 7.5, 'sync.enabled': false });
    expect(decodeConfigEnv({ TRACT_SYNC_REPO: 'Team A/app' }).problems[0]).to.include({ where: 'TRACT_SYNC_REPO', expected: '<namespace>/<name>' });
  });
});
