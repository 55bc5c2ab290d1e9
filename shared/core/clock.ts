/** Where time comes from. shared/core never reads the system clock itself. */
export interface Clock {
  now(): Date;
}
