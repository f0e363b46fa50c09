/**
 * kill -9 of the client at injected points of push and pull (a child process that SIGKILLs itself), then a
 * restart: no request lost, none filed twice on the server, the replica equal to what the server shows.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild } from './helpers/run-child';
import { syncEnv, type SyncEnv } from './helpers/sync-env';

let env: SyncEnv;

beforeAll(async () => {
  env = await syncEnv({ units: 16, staff: 600 });
}, 180_000);

afterAll(async () => {
  await env?.close();
});

function replica(dir: string) {
  const db = new Database(join(dir, 'replica.sqlite'), { readonly: true });
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const out = {
    staff: n('SELECT count(*) AS n FROM staff'),
    requests: n('SELECT count(*) AS n FROM requests'),
    units: n('SELECT count(*) AS n FROM units'),
    outbox: db.prepare('SELECT request_id AS requestId, state FROM outbox ORDER BY id').all() as { requestId: string; state: string }[],
    cursor: Number((db.prepare('SELECT cursor FROM sync_cursor').get() as { cursor: string | null }).cursor ?? 0),
    snapshotDone: (db.prepare('SELECT snapshot_done AS n FROM sync_cursor').get() as { n: number }).n,
  };
  db.close();
  return out;
}

async function onServer(ids: string[]): Promise<number> {
  const r = await env.db.db.query<{ n: number }>('SELECT count(*)::int AS n FROM requests WHERE id = ANY($1::text[])', [ids]);
  return r.rows[0]!.n;
}

const child = (dir: string, crashAt?: string, pageSize?: number) =>
  runChild({ dir, url: env.server().url, caPem: env.fx.server.caCertPem, ...(crashAt ? { crashAt } : {}), ...(pageSize ? { pageSize } : {}) });

describe('kill -9 during push', () => {
  for (const point of ['before-send', 'after-send-before-ack'] as const) {
    it(`${point}: after a restart every request is on the server exactly once and acked locally`, async () => {
      const dir = await env.clientDir();
      const first = await child(dir);
      expect(first.code, first.stderr).toBe(0);
      const ids = await env.file(dir, 3);
      expect(replica(dir).outbox.filter((o) => o.state === 'pending')).toHaveLength(3);

      const crashed = await child(dir, point);
      expect(crashed.signal).toBe('SIGKILL');
      // Killed before the send: nothing reached the server. Killed after it: the server has them, the client
      // never stored the acknowledgement, so the rows are still in the outbox.
      expect(await onServer(ids)).toBe(point === 'before-send' ? 0 : 3);
      expect(replica(dir).outbox.every((o) => o.state !== 'acked')).toBe(true);

      const again = await child(dir);
      expect(again.code, again.stderr).toBe(0);
      expect(await onServer(ids)).toBe(3);
      const r = replica(dir);
      expect(r.outbox.map((o) => o.state)).toEqual(['acked', 'acked', 'acked']);
      const visible = await env.visible(env.fx.unitId);
      expect(r.requests).toBe(visible.requests);
      expect(r.staff).toBe(visible.staff);
    });
  }
});

describe('kill -9 during pull', () => {
  for (const point of ['mid-pull-page', 'after-page-before-cursor'] as const) {
    it(`${point}: the interrupted page is applied whole or not at all, and a restart completes the snapshot`, async () => {
      const dir = await env.clientDir();
      const crashed = await child(dir, `${point}:3`, 20);
      expect(crashed.signal, crashed.stdout.slice(0, 300) + crashed.stderr).toBe('SIGKILL');
      const part = replica(dir);
      // Two pages of 20 changes committed with their cursor; the third was lost with the process.
      expect(part.cursor).toBeGreaterThan(0);
      expect(part.snapshotDone).toBe(40);

      const again = await child(dir, undefined, 20);
      expect(again.code, again.stderr).toBe(0);
      const st = JSON.parse(again.stdout) as { snapshot: { complete: boolean } };
      expect(st.snapshot.complete).toBe(true);
      const r = replica(dir);
      const visible = await env.visible(env.fx.unitId);
      expect(r.staff).toBe(visible.staff);
      expect(r.units).toBe(visible.units);
      expect(r.requests).toBe(visible.requests);
    });
  }
});
