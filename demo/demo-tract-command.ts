/**
 * The `tract` the demo's printed lines use, so that they work as pasted (README, "Run it"): the installed
 * CLI when `tract` on PATH is the tract-cli package (README, "Install the CLI"), else a two-line wrapper in
 * the demo directory that runs this checkout's CLI with the project's Node (no npx: it resolves a package
 * of that name from the registry outside the checkout, and costs seconds a call).
 */
import { chmodSync, existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoPaths } from './demo-setup.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export function demoTractCommand(paths: DemoPaths, path: string | undefined): string {
  if (installedTract(path ?? '')) return 'tract';
  const wrapper = join(paths.dir, 'bin', 'tract');
  mkdirSync(join(paths.dir, 'bin'), { recursive: true });
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  writeFileSync(wrapper, `#!/bin/sh\n# This checkout's tract CLI (written by npm start).\nexec ${quote(join(ROOT, 'node_modules', '.bin', 'node'))} ${quote(join(ROOT, 'bin', 'tract.js'))} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return relative(paths.clone, wrapper);
}

/** True when the first `tract` on `path` is the tract-cli package's bin. */
function installedTract(path: string): boolean {
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, 'tract');
    if (dir === '' || !existsSync(candidate)) continue;
    try {
      return realpathSync(candidate).endsWith(join('tract-cli', 'bin', 'tract.cjs'));
    } catch {
      return false;
    }
  }
  return false;
}
