/**
 * Injected crash points for the crash-safety tests: `EBZ_SYNC_CRASH_AT=after-send-before-ack` (or
 * `name:N` for the N-th time the point is reached) makes the process kill itself with SIGKILL there —
 * no cleanup, no flush, exactly like a power cut or a killed task. Unset in production: one env lookup.
 */
export const CRASH_POINTS = ['before-send', 'after-send-before-ack', 'mid-pull-page', 'after-page-before-cursor'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const hits = new Map<string, number>();

export function crashPoint(name: CrashPoint): void {
  const spec = process.env.EBZ_SYNC_CRASH_AT;
  if (!spec) return;
  const [point, nth] = spec.split(':');
  if (point !== name) return;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (n >= Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}
