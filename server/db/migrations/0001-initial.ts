/**
 * The initial schema. Records keep their full domain shape in `data` (jsonb) next to the columns
 * the server queries, locks or constrains on; the columns are authoritative where both exist.
 */
export const sql = /* sql */ `
CREATE TABLE bianbans (
  id text PRIMARY KEY,
  parent_id text REFERENCES bianbans(id),
  level text NOT NULL CHECK (level IN ('province','city','county')),
  region_code text NOT NULL,
  data jsonb NOT NULL
);

CREATE TABLE units (
  id text PRIMARY KEY,
  bianban_id text NOT NULL REFERENCES bianbans(id),
  supervisor_unit_id text REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,
  credit_code text NOT NULL UNIQUE,
  name text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX units_bianban ON units(bianban_id);
CREATE INDEX units_supervisor ON units(supervisor_unit_id);

CREATE TABLE divisions (
  id text PRIMARY KEY,
  unit_id text NOT NULL REFERENCES units(id),
  data jsonb NOT NULL
);
CREATE INDEX divisions_unit ON divisions(unit_id);

CREATE TABLE ledger_entries (
  id text PRIMARY KEY,
  unit_id text NOT NULL REFERENCES units(id),
  document_no text NOT NULL,
  date text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX ledger_unit ON ledger_entries(unit_id);

-- Current and departed staff share one table; a departed row is never deleted.
CREATE TABLE staff (
  id text PRIMARY KEY,
  unit_id text NOT NULL REFERENCES units(id),
  id_number text NOT NULL,
  post_key text NOT NULL,
  leader_kind text,
  departed_on text,
  data jsonb NOT NULL
);
CREATE INDEX staff_unit ON staff(unit_id) WHERE departed_on IS NULL;
-- 一人一编: one active post per ID number, province-wide, enforced by the database itself.
CREATE UNIQUE INDEX staff_one_post_per_person ON staff(id_number) WHERE departed_on IS NULL;

CREATE TABLE off_establishment (
  unit_id text PRIMARY KEY REFERENCES units(id),
  count integer NOT NULL CHECK (count >= 0)
);

CREATE TABLE requests (
  id text PRIMARY KEY,
  kind text NOT NULL,
  unit_id text NOT NULL REFERENCES units(id),
  bianban_id text NOT NULL REFERENCES bianbans(id),
  supervisor_unit_id text REFERENCES units(id),
  state text NOT NULL,
  content_digest text NOT NULL,
  content jsonb NOT NULL,
  signature jsonb NOT NULL,
  submitted_by text NOT NULL,
  trail jsonb NOT NULL,
  result jsonb,
  created_at text NOT NULL,
  submitted_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE INDEX requests_queue ON requests(bianban_id, state);
CREATE INDEX requests_supervisor ON requests(supervisor_unit_id, state);
CREATE INDEX requests_unit ON requests(unit_id);

CREATE TABLE slips (
  number text PRIMARY KEY,
  unit_id text NOT NULL REFERENCES units(id),
  bianban_id text NOT NULL REFERENCES bianbans(id),
  -- No foreign key: imported slips name requests of the system they came from.
  request_id text,
  post_key text NOT NULL,
  count integer NOT NULL CHECK (count > 0),
  issued_on text NOT NULL,
  valid_until text NOT NULL,
  status text NOT NULL CHECK (status IN ('active','usedUp','expired','revoked')),
  data jsonb NOT NULL
);
CREATE INDEX slips_unit ON slips(unit_id, status);

-- One row per 用编序号; staff_id is set exactly once (the UPDATE checks it is still null).
CREATE TABLE slip_slots (
  slip_number text NOT NULL REFERENCES slips(number),
  slot_no integer NOT NULL,
  staff_id text REFERENCES staff(id),
  used_on text,
  PRIMARY KEY (slip_number, slot_no)
);

-- Every issued form (slips and notices) with its canonical content and the bianban's seal.
CREATE TABLE forms (
  number text PRIMARY KEY,
  kind text NOT NULL,
  bianban_id text NOT NULL REFERENCES bianbans(id),
  unit_id text NOT NULL REFERENCES units(id),
  request_id text REFERENCES requests(id),
  year integer NOT NULL,
  seq integer NOT NULL,
  content jsonb NOT NULL,
  digest text NOT NULL,
  seal jsonb NOT NULL,
  issued_at text NOT NULL,
  revoked_at text,
  UNIQUE (bianban_id, kind, year, seq)
);

-- Gap-free numbering: the row is updated inside the issuing transaction, so a rollback returns the number.
CREATE TABLE form_counters (
  bianban_id text NOT NULL REFERENCES bianbans(id),
  kind text NOT NULL,
  year integer NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (bianban_id, kind, year)
);

CREATE TABLE certificates (
  serial text NOT NULL,
  issuer text NOT NULL,
  spki_sha256 text NOT NULL,
  role text NOT NULL CHECK (role IN ('unit','reviewer','server')),
  unit_id text REFERENCES units(id),
  bianban_id text REFERENCES bianbans(id),
  subject text NOT NULL,
  holder_name text NOT NULL,
  pem text NOT NULL,
  not_before text NOT NULL,
  not_after text NOT NULL,
  issued_at text NOT NULL,
  issued_by text NOT NULL,
  revoked_at text,
  revocation_reason text,
  PRIMARY KEY (serial),
  CHECK ((role = 'unit') = (unit_id IS NOT NULL))
);
CREATE INDEX certificates_unit ON certificates(unit_id);

CREATE TABLE auth_challenges (
  challenge text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  cert_serial text NOT NULL REFERENCES certificates(serial),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Append-only, hash-chained. seq is assigned max+1 under the journal lock, so it has no gaps.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  before_digest text,
  after_digest text,
  signature jsonb,
  detail jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The sync change log: one row per entity (older versions are dropped), seq strictly commit-ordered.
CREATE SEQUENCE change_seq;
CREATE TABLE changes (
  seq bigint PRIMARY KEY,
  entity text NOT NULL,
  entity_id text NOT NULL,
  unit_id text,
  bianban_id text,
  data jsonb NOT NULL,
  at text NOT NULL,
  UNIQUE (entity, entity_id)
);
CREATE INDEX changes_unit ON changes(unit_id, seq);
CREATE INDEX changes_bianban ON changes(bianban_id, seq);
`;
