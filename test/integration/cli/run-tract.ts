/**
 * Runs the CLI in-process through `main()` with captured streams, a temp HOME, a clock the test moves,
 * and git's test identity (never the developer's ~/.gitconfig).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main.ts';
import { gitTestEnv, type TestIdentity } from '../../support/git-fixtures.ts';

export interface TractRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const JOHN: TestIdentity = { name: 'John McMullan', email: 'john.mcmullan@example.com' };

export class TractSession {
  /** Moves forward one minute per command unless set. */
  now: Date;
  readonly home: string;
  readonly extraEnv: Record<string, string>;

  constructor(options: { now?: Date; env?: Record<string, string> } = {}) {
    this.now = options.now ?? new Date('2026-02-14T09:00:00.000Z');
    this.home = mkdtempSync(join(tmpdir(), 'tract-home-'));
    this.extraEnv = options.env ?? {};
  }

  env(identity: TestIdentity = JOHN): Record<string, string> {
    const base = gitTestEnv(identity);
    for (const name of Object.keys(base)) if (name.startsWith('TRACT_') || name === 'XDG_CONFIG_HOME') delete base[name];
    return { ...base, HOME: this.home, NO_COLOR: '1', TZ: 'UTC', ...this.extraEnv };
  }

  async run(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<TractRun> {
    let stdout = '';
    let stderr = '';
    const at = this.now;
    this.now = new Date(this.now.getTime() + 60_000);
    const code = await main(['node', 'tract', ...args], { ...this.env(), ...env }, {
      cwd,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      clock: { now: () => at },
      tractBin: join(import.meta.dirname, '../../../bin/tract.js'),
      nodeBin: process.execPath,
    });
    return { code, stdout, stderr };
  }
}

/** `tract log`'s output without its short-id line (`  id 3f9a2c1b`), which it must end with. */
export function withoutIdLine(stdout: string): string {
  const match = /\n {2}id [0-9a-f]{8}\n$/.exec(stdout);
  if (match === null) throw new Error(`no short-id line at the end of: ${JSON.stringify(stdout)}`);
  return stdout.slice(0, match.index + 1);
}
