/**
 * ID photos of staff, uploaded by the unit that files the enrollment request (the request signs the
 * photo's SHA-256; the bytes travel separately, PUT /api/v1/photos/{sha256}). Keyed by digest and
 * uploading unit, so one unit's upload never grants another unit access to the same bytes.
 */
export const sql = /* sql */ `
CREATE TABLE photos (
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  unit_id text NOT NULL REFERENCES units(id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  bytes bytea NOT NULL CHECK (octet_length(bytes) <= 204800),
  uploaded_at text NOT NULL,
  uploaded_by text NOT NULL,
  PRIMARY KEY (sha256, unit_id)
);
`;
