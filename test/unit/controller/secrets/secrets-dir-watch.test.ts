import { expect } from 'chai';
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../../../controller/logging/create-logger.ts';
import { SecretsDirWatch } from '../../../../controller/secrets/secrets-dir-watch.ts';
import { systemTimers } from '../../../../controller/workqueue/timers.ts';
import { removeTempDirs, tempDir } from '../../../support/git-fixtures.ts';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const quiet = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200));

describe('SecretsDirWatch (standalone --secrets-dir)', () => {
  let watch: SecretsDirWatch | undefined;
  afterEach(() => {
    watch?.stop();
    removeTempDirs();
  });

  function start(dir: string, changes: string[]): void {
    watch = new SecretsDirWatch({ dir, onChange: (name) => changes.push(name), timers: systemTimers, logger: silentLogger(), settleMs: 30 });
    watch.start();
  }

  it('a key file written under <dir>/<name>/ reports <name> once per burst', async () => {
    const dir = tempDir('tract-secrets-');
    mkdirSync(join(dir, 'jira'));
    writeFileSync(join(dir, 'jira', 'apiToken'), 'wrong');
    const changes: string[] = [];
    start(dir, changes);
    writeFileSync(join(dir, 'jira', 'apiToken'), 'right');
    writeFileSync(join(dir, 'jira', 'email'), 'bot@example.com');
    await until(() => changes.length > 0, 'a change');
    await quiet();
    expect(changes).to.deep.equal(['jira']);
  });

  it('a new Secret folder, and a mounted Secret’s ..data link swapped, report that Secret', async () => {
    const dir = tempDir('tract-secrets-');
    const changes: string[] = [];
    start(dir, changes);
    mkdirSync(join(dir, 'git-creds'));
    writeFileSync(join(dir, 'git-creds', 'password'), 'p');
    await until(() => changes.includes('git-creds'), 'the new Secret');
    mkdirSync(join(dir, 'hooks', '..2026_01'), { recursive: true });
    symlinkSync('..2026_01', join(dir, 'hooks', '..data_tmp'));
    await until(() => changes.includes('hooks'), 'the mounted Secret');
    changes.length = 0;
    mkdirSync(join(dir, 'hooks', '..2026_02'));
    symlinkSync('..2026_02', join(dir, 'hooks', '..data_tmp2'));
    renameSync(join(dir, 'hooks', '..data_tmp2'), join(dir, 'hooks', '..data'));
    await until(() => changes.includes('hooks'), 'the swapped link');
  });

  it('ignores hidden entries at the top; a missing folder is not watched and does not throw', async () => {
    const dir = tempDir('tract-secrets-');
    const changes: string[] = [];
    start(dir, changes);
    writeFileSync(join(dir, '.swp'), 'x');
    await quiet();
    expect(changes).to.deep.equal([]);
    watch?.stop();
    expect(() => start(join(dir, 'missing'), changes)).to.not.throw();
  });

  it('reports nothing once stopped', async () => {
    const dir = tempDir('tract-secrets-');
    mkdirSync(join(dir, 'jira'));
    const changes: string[] = [];
    start(dir, changes);
    writeFileSync(join(dir, 'jira', 'apiToken'), 'x');
    watch?.stop();
    await quiet();
    expect(changes).to.deep.equal([]);
  });
});
