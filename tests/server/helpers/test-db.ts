/**
 * A fresh, migrated PostgreSQL database per test file. Uses the cluster from the globalSetup when the
 * vitest config provides one; otherwise starts a cluster for this file alone (so a file runs on its own).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../../../server/db/database';
import { openDatabase } from '../../../server/db/open';
import { startCluster, type PgCluster } from './pg-cluster';
import './pg-global-setup';

let own: PgCluster | undefined;

async function adminUrl(): Promise<string> {
  let provided: string | undefined;
  try {
    provided = inject('pgAdminUrl');
  } catch {
    provided = undefined;
  }
  if (provided) return provided;
  own ??= await startCluster();
  return own.adminUrl;
}

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = await adminUrl();
  const name = `ebz_test_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = admin.replace(/\/postgres$/, `/${name}`);
  const db = await openDatabase({ databaseUrl: url });
  return {
    url,
    db,
    async drop() {
      await db.close().catch(() => undefined);
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c2.end();
      if (own) {
        own.stop();
        own = undefined;
      }
    },
  };
}
