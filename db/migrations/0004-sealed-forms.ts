import type { Database } from 'better-sqlite3';

/**
 * Issued forms as the server sealed them: the canonical content, its digest and the bianban's
 * signature. Printing reads the seal from here so an issued form prints sealed, and verifiable
 * offline, with no network.
 */
export const version = 4;
export const name = 'sealed-forms';

export function up(db: Database): void {
  db.exec(`
CREATE TABLE sealed_forms (
  number    TEXT PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('postUseSlip', 'enrollmentNotice', 'departureNotice')),
  unit_id   TEXT NOT NULL,
  content   TEXT NOT NULL CHECK (json_valid(content) AND json_type(content) = 'object'),
  digest    TEXT NOT NULL CHECK (length(digest) = 64),
  seal      TEXT NOT NULL CHECK (json_valid(seal) AND json_type(seal) = 'object'),
  issued_at TEXT
) STRICT;
CREATE INDEX sealed_forms_by_unit ON sealed_forms (unit_id, kind);
`);
}
