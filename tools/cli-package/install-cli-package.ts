/**
 * Packs the `tract-cli` npm package (packages/cli, with the bundle `npm run build` copied there) and installs
 * the tarball globally into a prefix with a given Node.js: what a developer does with a release tarball
 * (README, "Install the CLI"). Used by the install test and the CLI benchmarks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The oldest Node.js the tract-cli bundle runs on (scripts/build-cli.js: target node20). */
export const MIN_NODE = 20;

export const PACKAGE_DIR = fileURLToPath(new URL('../../packages/cli/', import.meta.url));

export interface SystemNode {
  /** The `node` binary. */
  node: string;
  /** Its directory, first on PATH so that `npm` and `#!/usr/bin/env node` use it. */
  binDir: string;
  version: string;
}

/**
 * The first `node` on `path` that is not the project's own (node_modules/.bin, the `node` package):
 * the machine's Node.js, e.g. Debian's /usr/bin/node.
 */
export function findSystemNode(path: string, projectNode: string): SystemNode {
  for (const dir of path.split(delimiter)) {
    const node = join(dir, 'node');
    if (dir === '' || dir.includes('node_modules') || !existsSync(node)) continue;
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    if (version === projectNode) continue;
    if (Number(version.slice(1).split('.')[0]) < MIN_NODE) {
      throw new Error(`the machine's Node.js ${node} is ${version}; tract-cli needs ${MIN_NODE} or later (Debian 12's own nodejs is 18: install 20+, e.g. from NodeSource)`);
    }
    return { node, binDir: dir, version };
  }
  throw new Error(`no Node.js other than the project's ${projectNode} on PATH (${path}): install Debian's nodejs`);
}

/** PATH for running with the system Node: its directory first, without the project's node_modules/.bin. */
export function systemPath(systemNode: SystemNode, path: string): string {
  const rest = path.split(delimiter).filter((dir) => dir !== '' && !dir.includes('node_modules') && dir !== systemNode.binDir);
  return [systemNode.binDir, ...rest].join(delimiter);
}

/** `npm pack` then `npm install -g --prefix <prefix>` with the system Node's npm; returns the installed `tract`. */
export function packAndInstall(systemNode: SystemNode, workDir: string, env: NodeJS.ProcessEnv): string {
  if (!existsSync(join(PACKAGE_DIR, 'dist', 'tract-cli.cjs'))) throw new Error(`${PACKAGE_DIR}dist/tract-cli.cjs is missing: run \`npm run build\` first`);
  const npmEnv = { ...env, PATH: systemPath(systemNode, env.PATH ?? ''), npm_config_cache: join(workDir, 'npm-cache'), npm_config_update_notifier: 'false' };
  const npm = existsSync(join(systemNode.binDir, 'npm')) ? join(systemNode.binDir, 'npm') : 'npm';
  execFileSync(npm, ['pack', '--pack-destination', workDir, '--silent'], { cwd: PACKAGE_DIR, env: npmEnv, stdio: 'pipe' });
  const tarball = readdirSync(workDir).find((name) => /^tract-cli-.*\.tgz$/.test(name));
  if (tarball === undefined) throw new Error(`npm pack wrote no tract-cli-*.tgz into ${workDir}`);
  const prefix = join(workDir, 'prefix');
  execFileSync(npm, ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(workDir, tarball)], { cwd: workDir, env: npmEnv, stdio: 'pipe' });
  const tract = join(prefix, 'bin', 'tract');
  if (!existsSync(tract)) throw new Error(`npm install -g put no bin/tract into ${prefix} (${dirname(tract)})`);
  return tract;
}
