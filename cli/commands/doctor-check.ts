/** One finding of `tract doctor`, printed as one ✓ (ok), ⚠️ (warn) or ✗ (fail) line. */
export type CheckLevel = 'ok' | 'warn' | 'fail';
export interface Check {
  level: CheckLevel;
  text: string;
}
