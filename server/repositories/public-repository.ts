/** What the public routes read directly. */
import type { Queryable } from '../db/database';

/** Throws when the database does not answer (GET /healthz). */
export async function pingDatabase(q: Queryable): Promise<void> {
  await q.query('SELECT 1');
}
