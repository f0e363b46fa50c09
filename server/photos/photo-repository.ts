/** SQL for staff photos (table `photos`, migration 0003). */
import type { Queryable } from '../db/database';

export type PhotoContentType = 'image/jpeg' | 'image/png';

export interface PhotoRow {
  sha256: string;
  unitId: string;
  contentType: PhotoContentType;
  bytes: Buffer;
}

/** Stores the photo for the unit; a repeat upload of the same bytes is a no-op. Returns whether it was new. */
export async function putPhoto(q: Queryable, p: PhotoRow & { uploadedAt: string; uploadedBy: string }): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO photos (sha256, unit_id, content_type, bytes, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (sha256, unit_id) DO NOTHING`,
    [p.sha256, p.unitId, p.contentType, p.bytes, p.uploadedAt, p.uploadedBy],
  );
  return r.rowCount === 1;
}

/** Every stored copy of that digest with the unit that uploaded it (usually one). */
export async function findPhotos(q: Queryable, sha256: string): Promise<PhotoRow[]> {
  const r = await q.query<{ sha256: string; unit_id: string; content_type: string; bytes: Uint8Array }>(
    'SELECT sha256, unit_id, content_type, bytes FROM photos WHERE sha256 = $1 ORDER BY uploaded_at',
    [sha256],
  );
  // pg answers bytea as a Buffer, PGlite as a Uint8Array.
  return r.rows.map((x) => ({ sha256: x.sha256, unitId: x.unit_id, contentType: x.content_type as PhotoContentType, bytes: Buffer.from(x.bytes) }));
}
