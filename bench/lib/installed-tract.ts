/**
 * The `tract` a developer runs: the tract-cli tarball (`npm pack` of packages/cli) installed globally into a
 * temporary prefix (tools/cli-package). The benchmarks run it with this process's Node, first on PATH, so
 * that `node -e 0` and the floor program start the same Node.
 */
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { packAndInstall, systemPath, type SystemNode } from '../../tools/cli-package/install-cli-package.ts';

export interface InstalledTract {
  /** `<prefix>/bin/tract`. */
  bin: string;
  /** PATH with this process's Node first. */
  path: string;
}

export function installTract(workDir: string): InstalledTract {
  const node: SystemNode = { node: process.execPath, binDir: dirname(process.execPath), version: process.version };
  const dir = join(workDir, 'install');
  mkdirSync(dir, { recursive: true });
  const bin = packAndInstall(node, dir, process.env);
  return { bin, path: systemPath(node, process.env.PATH ?? '') };
}
