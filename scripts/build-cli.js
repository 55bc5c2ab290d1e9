// Bundles the `tract` CLI into one CommonJS file and takes its V8 code cache after a real `tract log`, for
// start-up speed: `tract log` must stay close to the cost of a bare `git commit` plus Node's own start
// (bench/cli-log; the measurements behind each choice are in docs/cli-decisions.md). The sources still
// run directly: bin/tract.js falls back to them when the bundle is missing. Runs on `npm ci` (prepare,
// where a failure only warns) and before the tests (strict).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const OUT_DIR = 'dist/cli';
const BUNDLE = join(OUT_DIR, 'tract-cli.cjs');
// The npm package `tract-cli` (packages/cli: `npm pack` there makes the release tarball) carries the bundle.
const PACKAGE_DIST = join('packages', 'cli', 'dist');
const optional = process.argv.includes('--optional');

try {
  rmSync(OUT_DIR, { recursive: true, force: true });
  await build({
    entryPoints: { 'tract-cli': 'cli/main.ts' },
    outdir: OUT_DIR,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    // Node 20 and later run the bundle (the installed CLI runs on the Node the developer has); the project's
    // own Node 24 is needed only for the sources.
    // CommonJS: no ES module loader at start-up. A command's modules are still initialised only when that
    // command runs: esbuild turns cli/program.ts's lazy import()s into deferred module initialisers.
    format: 'cjs',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // yaml's ES module build (its "default" export condition) lets esbuild drop what the CLI never uses;
    // its CommonJS build, which Node's condition picks, runs every module at start-up.
    alias: { yaml: './node_modules/yaml/browser/index.js' },
    logLevel: 'warning',
  });
  assertNoExternalImports(readFileSync(BUNDLE, 'utf8'));
  rmSync(PACKAGE_DIST, { recursive: true, force: true });
  mkdirSync(PACKAGE_DIST, { recursive: true });
  copyFileSync(BUNDLE, join(PACKAGE_DIST, 'tract-cli.cjs'));
} catch (err) {
  // On install the CLI still works from its sources; tests build strictly.
  if (!optional) throw err;
  rmSync(OUT_DIR, { recursive: true, force: true });
  process.stderr.write(`warning: the tract CLI bundle was not built (${firstLine(err)}); the CLI runs from its sources\n`);
}
if (existsSync(BUNDLE)) {
  try {
    warmCodeCache();
  } catch (err) {
    // Without the cache the bundle still runs; it compiles as it goes.
    if (!optional) throw err;
    process.stderr.write(`warning: the tract CLI code cache was not taken (${firstLine(err)}); the CLI starts a little slower\n`);
  }
}

function firstLine(err) {
  return String(err instanceof Error ? err.message : err).split('\n')[0];
}

/** bin/tract.js runs the bundle as a script: a dynamic import() left in it could not load. */
function assertNoExternalImports(code) {
  const found = /\bimport\(\s*["'`]/.exec(code);
  if (found) throw new Error(`${BUNDLE} keeps a dynamic import() at offset ${found.index}: import node built-ins statically`);
}

/**
 * Runs `tract log` offline in a throw-away repository, the last time with TRACT_CODE_CACHE=write: the code
 * cache taken at its exit holds every function that command compiled (bin/tract.js).
 */
function warmCodeCache() {
  const root = mkdtempSync(join(tmpdir(), 'tract-warm-'));
  try {
    const env = {
      PATH: process.env.PATH,
      HOME: root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Tract',
      GIT_AUTHOR_EMAIL: 'tract@example.invalid',
      GIT_COMMITTER_NAME: 'Tract',
      GIT_COMMITTER_EMAIL: 'tract@example.invalid',
    };
    const repo = join(root, 'repo');
    mkdirSync(join(repo, '.tract'), { recursive: true });
    // Port 9 (discard) refuses connections: the offline path, with its queue entry.
    writeFileSync(join(repo, '.tract', 'config.yaml'), 'author: warm-up\ntimezone: UTC\nsync:\n  server: http://127.0.0.1:9\n');
    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: repo, env });
    execFileSync('git', ['add', '--all'], { cwd: repo, env });
    execFileSync('git', ['commit', '--quiet', '-m', 'init'], { cwd: repo, env });
    const tract = join(import.meta.dirname, '..', 'bin', 'tract.js');
    // Twice: the second run finds a line in the month file and a queue entry, as most runs do, and
    // compiles what reading them takes; its code cache is the one kept.
    execFileSync(process.execPath, [tract, 'log', 'WARM-1', '30m', 'warm-up'], { cwd: repo, env, stdio: 'pipe' });
    execFileSync(process.execPath, [tract, 'log', 'WARM-1', '1h', 'warm-up'], { cwd: repo, env: { ...env, TRACT_CODE_CACHE: 'write' }, stdio: 'pipe' });
    const check = spawnSync(process.execPath, [tract, '--version'], { cwd: repo, env: { ...env, TRACT_CODE_CACHE: 'report' }, encoding: 'utf8' });
    if (!check.stderr.includes('code cache accepted')) throw new Error(`V8 did not accept the code cache just taken: ${check.stderr.trim()}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
