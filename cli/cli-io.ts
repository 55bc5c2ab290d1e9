/**
 * What a command may touch of the outside world, injected by `cli/main.ts` so that tests call `main()`
 * with captured streams, a temp directory and a fixed clock.
 */
import type { Clock } from '../shared/core/clock.ts';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** The directory tract was started in. */
  cwd: string;
  clock: Clock;
  /** Cryptographically strong random bytes (record ids). */
  randomBytes: (size: number) => Uint8Array;
  /** Absolute path of `bin/tract.js` and of the Node binary, for the git hook `tract init` writes. */
  tractBin: string;
  nodeBin: string;
}
