/**
 * Retry delays for the background schedule: exponential with "full jitter" (a random delay between 0 and
 * the exponential bound), so a province of desktops that lost the network together does not come back
 * in lock-step and hammer the server at the same instant.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Injectable for tests; defaults to Math.random. */
  random?: () => number;
}

export function backoffDelay(failures: number, o: BackoffOptions): number {
  const bound = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  // Never below half the base: a retry sooner than that helps nobody.
  const floor = Math.min(bound, o.baseMs / 2);
  return Math.round(floor + (bound - floor) * (o.random ?? Math.random)());
}
