/**
 * A seeded pseudo-random generator (mulberry32) for fault tests: every random choice of a run is
 * reproducible from the seed the test prints. `TRACT_FAULT_SEED=<n>` replays a run.
 */
export interface FaultRandom {
  seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
}

export function faultRandom(seed: number): FaultRandom {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/** The seed from `TRACT_FAULT_SEED`, else a fresh one; tests print it. */
export function faultSeed(fromEnv: string | undefined): number {
  const parsed = fromEnv === undefined ? Number.NaN : Number.parseInt(fromEnv, 10);
  return Number.isInteger(parsed) ? parsed : Math.floor(Math.random() * 2 ** 31);
}
