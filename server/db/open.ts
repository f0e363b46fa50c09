import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Db } from './database';
import { createPgDatabase } from './pg-database';
import { createPgliteDatabase } from './pglite-database';
import { migrate } from './migrations/run';

/** PostgreSQL when a URL is given, otherwise embedded PGlite under `<dataDir>/pglite`; migrated. */
export async function openDatabase(o: { databaseUrl?: string; dataDir?: string; memory?: boolean }): Promise<Db> {
  let db: Db;
  if (o.databaseUrl) db = createPgDatabase(o.databaseUrl);
  else if (o.memory || !o.dataDir) db = await createPgliteDatabase(undefined);
  else {
    const dir = join(o.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    db = await createPgliteDatabase(dir);
  }
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
