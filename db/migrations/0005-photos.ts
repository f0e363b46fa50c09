import type { Database } from 'better-sqlite3';

/**
 * Local-only: ID photos kept on this machine, keyed by the SHA-256 the enrollment request signs.
 * `uploaded_at` is null until the server has the bytes; a photo fetched from the server arrives
 * already uploaded. Not part of the replica: a pull never writes or deletes it.
 */
export const version = 5;
export const name = 'photos';

export function up(db: Database): void {
  db.exec(`
CREATE TABLE photos (
  sha256       TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  bytes        BLOB NOT NULL,
  created_at   TEXT NOT NULL,
  uploaded_at  TEXT
) STRICT;
CREATE INDEX photos_not_uploaded ON photos (created_at) WHERE uploaded_at IS NULL;
`);
}
