// Bundles the `tract` CLI into one ES module for start-up speed: `tract log` must stay close to the
// cost of a bare `git commit` plus Node's own start (bench/cli-log). The sources still run directly;
// bin/tract.js falls back to them when the bundle is missing. Runs on `npm ci` (prepare) and before tests.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const optional = process.argv.includes('--optional');

try {
  await rm('dist/cli', { recursive: true, force: true });
  await build({
    entryPoints: { 'tract-cli': 'cli/main.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    // Each command's modules load only when that command runs (cli/program.ts imports them lazily).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // Some dependencies are CommonJS and call require(); give the bundle one.
    banner: { js: "import { createRequire as __tractRequire } from 'node:module'; const require = __tractRequire(import.meta.url);" },
    // yaml's ES module build (its "default" export condition) lets esbuild drop what the CLI never uses;
    // its CommonJS build, which Node's condition picks, runs every module at start-up.
    alias: { yaml: './node_modules/yaml/browser/index.js' },
    logLevel: 'warning',
  });
} catch (err) {
  // On install the CLI still works from its sources; tests build strictly.
  if (!optional) throw err;
  process.stderr.write(`warning: the tract CLI bundle was not built (${err.message.split('\n')[0]}); the CLI runs from its sources\n`);
}
