/**
 * The scanned approval document (PDF) behind a ledger entry, recorded by a reviewer in 台账管理. One per
 * entry; the bytes live here (bytea, ≤ 10 MB) so a backup of the database is a backup of the evidence.
 */
export const sql = /* sql */ `
CREATE TABLE ledger_documents (
  ledger_entry_id text PRIMARY KEY REFERENCES ledger_entries(id),
  unit_id text NOT NULL REFERENCES units(id),
  file_name text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size integer NOT NULL,
  bytes bytea NOT NULL CHECK (octet_length(bytes) <= 10485760),
  uploaded_at text NOT NULL,
  uploaded_by text NOT NULL
);
CREATE INDEX ledger_documents_unit ON ledger_documents(unit_id);
`;
