/**
 * bin/tract.js as users start it: the CLI bundle with the V8 code cache the build took after a real
 * `tract log`, a damaged cache, and no bundle at all (the TypeScript sources).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSystemNode } from '../../../tools/cli-package/install-cli-package.ts';
import { removeTempDirs, tempDir } from '../../support/git-fixtures.ts';

const ROOT = join(import.meta.dirname, '../../..');

/** `node bin/tract.js …` from `root`, reporting what became of the code cache. */
function startTract(root: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'tract.js'), ...args], {
    env: { ...process.env, TRACT_CODE_CACHE: 'report', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the package's bin/ (and, when asked, dist/cli/) with the sources linked beside it. */
function packageCopy(withBundle: boolean): string {
  const root = tempDir('tract-bin-');
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  if (withBundle) cpSync(join(ROOT, 'dist', 'cli'), join(root, 'dist', 'cli'), { recursive: true });
  for (const name of ['cli', 'shared', 'node_modules', 'package.json']) symlinkSync(join(ROOT, name), join(root, name));
  return root;
}

describe('bin/tract.js start-up', () => {
  afterEach(removeTempDirs);

  it('runs the bundle from the code cache the build took, which V8 accepts', () => {
    const run = startTract(ROOT, ['--version']);
    expect(run).to.deep.include({ status: 0, stdout: '1.0.0\n' });
    expect(run.stderr).to.equal('tract: code cache accepted\n');
  });

  it("runs the bundle on the machine's Node 20 (the cache, taken by Node 24, is rejected and it compiles as usual)", () => {
    const systemNode = findSystemNode(process.env.PATH ?? '', process.version);
    const result = spawnSync(systemNode.node, [join(ROOT, 'bin', 'tract.js'), '--version'], { env: { ...process.env, TRACT_CODE_CACHE: 'report' }, encoding: 'utf8' });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).to.deep.equal({ status: 0, stdout: '1.0.0\n', stderr: 'tract: code cache rejected\n' });
  });

  it('runs the bundle when the code cache is damaged: V8 rejects it and compiles as usual', () => {
    const root = packageCopy(true);
    writeFileSync(join(root, 'dist', 'cli', 'tract-cli.v8cache'), Buffer.alloc(4096, 7));
    const run = startTract(root, ['log', '--help']);
    expect(run.status).to.equal(0);
    expect(run.stdout).to.match(/^Usage: tract log \[options\] <issue> <time> \[comment\.\.\.\]/);
    expect(run.stderr).to.equal('tract: code cache rejected\n');
  });

  it('runs from the TypeScript sources when the bundle is not built', () => {
    const root = packageCopy(false);
    mkdirSync(join(root, 'dist'));
    const run = startTract(root, ['--version']);
    expect(run).to.deep.include({ status: 0, stdout: '1.0.0\n', stderr: '' });
  });
});
