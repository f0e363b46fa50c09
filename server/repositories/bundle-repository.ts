/** Removable-media bundles: the bianban's bundle encryption keys and the record of imported bundles. */
import type { BundleKeyContent } from '../../domain/api/bundle';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { Queryable } from '../db/database';

export interface BundleKeyRow {
  keyId: string;
  privatePem: string;
  content: BundleKeyContent;
  signature: SignatureEnvelope;
}

/** The newest key, or null before the first one is made. */
export async function newestBundleKey(q: Queryable): Promise<BundleKeyRow | null> {
  const r = await q.query<{ key_id: string; private_pem: string; content: BundleKeyContent; signature: SignatureEnvelope }>(
    'SELECT key_id, private_pem, content, signature FROM bundle_keys ORDER BY created_at DESC, key_id LIMIT 1',
  );
  const row = r.rows[0];
  return row ? { keyId: row.key_id, privatePem: row.private_pem, content: row.content, signature: row.signature } : null;
}

/** Stores a key; a key racing in with the same id is left as it is. `createdAt` orders keys (newest wins). */
export async function insertBundleKey(q: Queryable, k: BundleKeyRow & { createdAt: string }): Promise<void> {
  await q.query('INSERT INTO bundle_keys (key_id, private_pem, content, signature, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
    k.keyId,
    k.privatePem,
    JSON.stringify(k.content),
    JSON.stringify(k.signature),
    k.createdAt,
  ]);
}

export async function bundleKeyPem(q: Queryable, keyId: string): Promise<string | null> {
  const r = await q.query<{ private_pem: string }>('SELECT private_pem FROM bundle_keys WHERE key_id = $1', [keyId]);
  return r.rows[0]?.private_pem ?? null;
}

export async function findBundleImport(q: Queryable, bundleId: string): Promise<{ importedAt: string; importedBy: string } | null> {
  const r = await q.query<{ imported_at: string; imported_by: string }>('SELECT imported_at, imported_by FROM bundle_imports WHERE bundle_id = $1', [bundleId]);
  const row = r.rows[0];
  return row ? { importedAt: row.imported_at, importedBy: row.imported_by } : null;
}

/** Fails with a unique violation when the bundle was imported already (two imports racing). */
export async function insertBundleImport(
  q: Queryable,
  b: { bundleId: string; unitId: string; importedBy: string; importedAt: string; itemCount: number; resultsBundleId: string },
): Promise<void> {
  await q.query('INSERT INTO bundle_imports (bundle_id, unit_id, imported_by, imported_at, item_count, results_bundle_id) VALUES ($1, $2, $3, $4, $5, $6)', [
    b.bundleId,
    b.unitId,
    b.importedBy,
    b.importedAt,
    b.itemCount,
    b.resultsBundleId,
  ]);
}
