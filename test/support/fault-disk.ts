/**
 * A small filesystem that can really run out of space (ENOSPC): a tmpfs mounted on a temp dir. Mounting
 * needs root (CI and this machine run tests as root); without it, `mountSmallDisk` throws a clear error.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './git-fixtures.ts';

export interface SmallDisk {
  dir: string;
  /** Fills the disk with a filler file until ENOSPC; returns the bytes written. */
  fill(): number;
  /** Deletes the filler file. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeKiB: number): SmallDisk {
  const dir = tempDir('tract-small-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`the full-disk test mounts a ${sizeKiB} KiB tmpfs and needs root: ${(err as Error).message.split('\n')[0] ?? ''}`, { cause: err });
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    fill: () => {
      const chunk = Buffer.alloc(1024, 0x78);
      let written = 0;
      for (;;) {
        try {
          appendFileSync(filler, chunk);
          written += chunk.length;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return written;
          throw err;
        }
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' }),
  };
}
