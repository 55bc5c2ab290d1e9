/** Time and timers for the work queue, injected so unit tests drive them with a fake clock. */
export interface Timers {
  nowMs(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type TimerHandle = { readonly timer: unknown };

export const systemTimers: Timers = {
  nowMs: () => performance.now(),
  setTimeout: (fn, ms) => ({ timer: setTimeout(fn, Math.max(0, ms)) }),
  clearTimeout: (handle) => clearTimeout(handle.timer as NodeJS.Timeout),
};
