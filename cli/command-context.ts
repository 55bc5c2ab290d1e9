import type { TractError } from '../shared/core/tract-error.ts';
import type { CliIo } from './cli-io.ts';
import type { ConfigValues } from './config/decode-config-values.ts';
import type { Terminal } from './output/terminal.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** Options every command accepts (see `tract --help`). */
export interface GlobalOptions {
  /** Run as if tract was started in this directory (`-C`). */
  dir: string | undefined;
  /** Config values given as flags (`--author`, `--timezone`, `--sync-server`): the highest precedence. */
  configFlags: ConfigValues;
}

/**
 * The flags of the commands that publish and then wait for the sync server (`log`, `push`, `stop`,
 * `suggest --apply`): `--no-push`, `--no-wait`, `--sync-timeout`.
 */
export interface SyncFlags {
  push: boolean;
  wait: boolean;
  syncTimeoutMs: number;
}

/** Everything a command gets from the composition root. */
export interface CommandContext {
  io: CliIo;
  env: Env;
  terminal: Terminal;
  globals: GlobalOptions;
}

/**
 * What a command reports back. A command prints its own result; a `failure` is a result that is not
 * success (e.g. `✗ Sync error: …` after the worklog was committed) and only decides the exit code in
 * `cli/main.ts`. Errors that stop a command are thrown instead.
 */
export interface CommandResult {
  failure?: TractError;
}
