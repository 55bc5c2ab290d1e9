import { closeSync, openSync, readSync } from 'node:fs';

/**
 * `size` random bytes from the kernel's CSPRNG (/dev/urandom), without loading node:crypto, which costs
 * `tract log` ~5 ms of its start-up (docs/cli-decisions.md).
 * Where there is no /dev/urandom (Windows), Web Crypto.
 */
export function randomBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, bytes) === size) return bytes;
    } finally {
      closeSync(fd);
    }
  } catch {
    // no /dev/urandom here
  }
  return globalThis.crypto.getRandomValues(bytes);
}
