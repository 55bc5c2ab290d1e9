/**
 * The composition root of `tract`: the only place that reads process.argv/env, picks the real streams
 * and clock, and turns errors into exit codes (docs/cli.md: 0 ok, also "queued"; 2 usage or validation;
 * 3 auth; 4 conflict; 1 internal, and network failures that stopped a command).
 */
import { resolve } from 'node:path';
import { toTractError, type TractError } from '../shared/core/tract-error.ts';
import type { CliIo } from './cli-io.ts';
import type { Env } from './command-context.ts';
import { palette } from './output/palette.ts';
import { createTerminal, FAIL } from './output/terminal.ts';
import { parseCommandLine } from './program.ts';
import { randomBytes } from './system/random-bytes.ts';

export async function main(argv: readonly string[] = process.argv, env: Env = process.env, io: Partial<CliIo> = {}): Promise<number> {
  const fullIo: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    clock: { now: () => new Date() },
    randomBytes,
    nodeBin: process.execPath,
    ...io,
    // bin/tract.js passes itself; run any other way, the script Node was started with stands in.
    tractBin: io.tractBin ?? resolve(process.argv[1] ?? 'tract'),
  };
  let terminal = createTerminal(fullIo.stdout, fullIo.stderr, palette(fullIo.stderr.isTTY, env.NO_COLOR));
  try {
    const parsed = await parseCommandLine(argv.slice(2), (text) => void fullIo.stdout.write(text));
    if (parsed.kind === 'done') return 0;
    const { plan } = parsed;
    terminal = createTerminal(fullIo.stdout, fullIo.stderr, palette(fullIo.stdout.isTTY, env.NO_COLOR, plan.color));
    const result = await plan.run({ io: fullIo, env, terminal, globals: { dir: plan.dir, configFlags: plan.configFlags } });
    return result.failure === undefined ? 0 : exitCode(result.failure);
  } catch (err) {
    const error = toTractError(err);
    const hint = error.kind === 'internal' ? ' (this is a bug in tract: please report it)' : '';
    terminal.err(`${terminal.colors.red(FAIL)} ${oneLine(error.message)}${hint}`);
    return exitCode(error);
  }
}

export function exitCode(error: TractError): number {
  switch (error.kind) {
    case 'validation':
      return 2;
    case 'auth':
      return 3;
    case 'conflict':
      return 4;
    default:
      return 1;
  }
}

function oneLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? '';
}
