import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitTestEnv, makeBareRemote, makeClone, removeTempDirs, tempDir, type TestIdentity } from '../../support/git-fixtures.ts';
import { JOHN, TractSession } from './run-tract.ts';

const SARAH: TestIdentity = { name: 'Sarah Chen', email: 'sarah.chen@example.com' };

/** A code repository whose commits have the author, time and branch each step names. */
function codeRepo(name: string, steps: [branch: string, who: TestIdentity, at: string, subject: string][]): string {
  const dir = join(tempDir('tract-code-'), name);
  mkdirSync(dir);
  const run = (args: string[], env: Record<string, string> = gitTestEnv(JOHN)) => execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' });
  run(['init', '--quiet', '--initial-branch=main']);
  run(['config', 'user.email', JOHN.email]);
  run(['commit', '--quiet', '--allow-empty', '-m', 'Initial'], { ...gitTestEnv(JOHN), GIT_AUTHOR_DATE: '2026-02-01T09:00:00Z', GIT_COMMITTER_DATE: '2026-02-01T09:00:00Z' });
  for (const [branch, who, at, subject] of steps) {
    run(existsBranch(dir, branch) ? ['checkout', '--quiet', branch] : ['checkout', '--quiet', '-b', branch, 'main']);
    run(['commit', '--quiet', '--allow-empty', '-m', subject], { ...gitTestEnv(who), GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at });
  }
  run(['checkout', '--quiet', 'main']);
  return dir;
}

function existsBranch(dir: string, branch: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: dir, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

interface SuggestJson {
  suggestions: { issue: string; time: string; started: string; commits: { repo: string; subject: string }[] }[];
  alreadyLogged: string[];
  unmatched: { subject: string }[];
}

describe('tract suggest: worklogs from my commits of the day', () => {
  let clone: string;
  let app: string;
  let web: string;
  let tract: TractSession;

  beforeEach(async () => {
    clone = await makeClone(await makeBareRemote(), JOHN);
    tract = new TractSession({ now: new Date('2026-02-12T18:00:00.000Z') });
    expect((await tract.run(clone, ['init', '--author', 'john.mcmullan', '--timezone', 'UTC'])).code).to.equal(0);
    app = codeRepo('app', [
      ['feature/APP-101-login', JOHN, '2026-02-11T16:00:00Z', 'Sketch login (the day before)'],
      ['feature/APP-101-login', JOHN, '2026-02-12T09:00:00Z', 'Login form'],
      ['feature/APP-101-login', JOHN, '2026-02-12T09:40:00Z', 'Validation'],
      ['feature/APP-505-sarah', SARAH, '2026-02-12T10:10:00Z', "Sarah's work"],
      ['feature/APP-101-login', JOHN, '2026-02-12T10:30:00Z', 'Tests'],
      ['bugfix/APP-202', JOHN, '2026-02-12T13:30:00Z', 'Fix crash'],
      ['bugfix/APP-202', JOHN, '2026-02-12T13:50:00Z', 'APP-303 fix the tooltip too'],
      ['main', JOHN, '2026-02-12T15:00:00Z', 'Bump deps'],
    ]);
    web = codeRepo('web', [['APP-404-styles', JOHN, '2026-02-12T11:00:00Z', 'Styles']]);
  });
  afterEach(() => removeTempDirs());

  const suggest = async (args: string[]) => {
    const result = await tract.run(clone, ['suggest', '--date', '2026-02-12', '--json', ...args]);
    expect(result.code, result.stderr).to.equal(0);
    return JSON.parse(result.stdout) as SuggestJson;
  };

  it('groups my commits by branch and message keys, leaves out the other author, and estimates from commit times', async () => {
    const result = await suggest(['--repo', app, '--repo', web]);
    expect(result.suggestions.map((s) => [s.issue, s.time, s.started, s.commits.map((c) => c.subject)])).to.deep.equal([
      ['APP-101', '2h', '2026-02-12T08:30:00.000+00:00', ['Login form', 'Validation', 'Tests']],
      ['APP-404', '30m', '2026-02-12T10:30:00.000+00:00', ['Styles']],
      ['APP-202', '30m', '2026-02-12T13:00:00.000+00:00', ['Fix crash']],
      ['APP-303', '15m', '2026-02-12T13:30:00.000+00:00', ['APP-303 fix the tooltip too']],
    ]);
    expect(result.unmatched.map((c) => c.subject)).to.deep.equal(['Bump deps']);
    expect(result.alreadyLogged).to.deep.equal([]);
  });

  it('leaves out issues I already logged that day (not those another author logged), then --apply logs the rest', async () => {
    for (const args of [['APP-101', '1h', '--started', '2026-02-12 09:00'], ['APP-404', '1h', '--started', '2026-02-12 11:00', '--author', 'sarah.chen']]) {
      expect((await tract.run(clone, ['log', ...args, '--no-push'])).code).to.equal(0);
    }
    const home = tract.home;
    mkdirSync(join(home, '.config', 'tract'), { recursive: true });
    writeFileSync(join(home, '.config', 'tract', 'config.yaml'), `suggest:\n  repos: ${app}, ${web}\n`);
    const result = await suggest([]);
    expect(result.alreadyLogged).to.deep.equal(['APP-101']);
    expect(result.suggestions.map((s) => s.issue)).to.deep.equal(['APP-404', 'APP-202', 'APP-303']);

    const applied = await tract.run(clone, ['suggest', '--date', '2026-02-12', '--apply', '--no-push']);
    expect(applied.code, applied.stderr).to.equal(0);
    expect(applied.stdout).to.contain('Already logged that day, left out: APP-101');
    expect(applied.stdout).to.contain('✓ Logged 30m to APP-202 (sync disabled)');
    const lines = readFileSync(join(clone, 'worklogs', '2026-02.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.slice(2).map((r) => [r.issue, r.author, r.time, r.started, r.comment])).to.deep.equal([
      ['APP-404', 'john.mcmullan', '30m', '2026-02-12T10:30:00.000+00:00', 'Styles'],
      ['APP-202', 'john.mcmullan', '30m', '2026-02-12T13:00:00.000+00:00', 'Fix crash'],
      ['APP-303', 'john.mcmullan', '15m', '2026-02-12T13:30:00.000+00:00', 'APP-303 fix the tooltip too'],
    ]);
    const again = await suggest([]);
    expect(again.suggestions).to.deep.equal([]);
  });

  it('says where to configure repositories when none is given', async () => {
    const result = await tract.run(clone, ['suggest']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('No code repositories to read: give --repo PATH, or list them once as suggest.repos');
  });
});
