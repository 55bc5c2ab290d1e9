import type { OutputStream } from '../cli-io.ts';
import type { Palette } from './palette.ts';

/**
 * The CLI's two channels (docs/cli.md, "Output, streams and exit codes"): results (data and the ✓/⚠️/✗
 * result lines) go to stdout, diagnostics (warnings, errors, progress) to stderr.
 */
export interface Terminal {
  /** A result line on stdout. */
  out(line: string): void;
  /** A diagnostic line on stderr. */
  err(line: string): void;
  /** `✓ text` on stdout. */
  ok(text: string): void;
  /** `⚠️ text` on stdout: a result that needs the user's attention (e.g. queued). */
  notice(text: string): void;
  /** `✗ text` on stdout: a failed result (e.g. `✗ Sync error: …`, docs/cli.md). */
  fail(text: string): void;
  /** `⚠️ text` on stderr: a warning about something other than the result. */
  warn(text: string): void;
  readonly colors: Palette;
}

export const OK = '✓';
export const WARN = '⚠️';
export const FAIL = '✗';

export function createTerminal(stdout: OutputStream, stderr: OutputStream, colors: Palette): Terminal {
  const out = (line: string) => void stdout.write(`${line}\n`);
  const err = (line: string) => void stderr.write(`${line}\n`);
  return {
    out,
    err,
    ok: (text) => out(`${colors.green(OK)} ${text}`),
    notice: (text) => out(`${colors.yellow(WARN)} ${text}`),
    fail: (text) => out(`${colors.red(FAIL)} ${text}`),
    warn: (text) => err(`${colors.yellow(WARN)} ${text}`),
    colors,
  };
}
