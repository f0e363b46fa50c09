import type { Database } from 'better-sqlite3';

/**
 * The replica (server's view of this unit and its subordinates) and the local-only tables.
 *
 * Foreign keys between replica tables are DEFERRABLE INITIALLY DEFERRED: one pull page may carry a
 * staff row before the unit it belongs to, and only the finished transaction has to be consistent.
 * Links that may point outside what this certificate can see (a unit's bianban or supervisor, a
 * slip's request, a notice's staff member who has since departed) carry no foreign key.
 * Enum CHECKs are kept to values the code branches on (post keys, states); descriptive enums
 * (unit kind, education …) are left open so a server that adds a label does not stop every sync.
 */
const SQL = `
CREATE TABLE bianbans (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_id   TEXT,
  region_code TEXT NOT NULL,
  short_name  TEXT NOT NULL
) STRICT;

CREATE TABLE units (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  credit_code        TEXT NOT NULL,
  kind               TEXT NOT NULL,
  rank               TEXT NOT NULL,
  funding_form       TEXT NOT NULL CHECK (funding_form IN ('full', 'partial', 'self')),
  bianban_id         TEXT NOT NULL,
  supervisor_unit_id TEXT,
  functions          TEXT NOT NULL,
  power_list         TEXT NOT NULL CHECK (json_valid(power_list) AND json_type(power_list) = 'array'),
  address            TEXT NOT NULL,
  phone              TEXT NOT NULL,
  established_on     TEXT NOT NULL,
  history            TEXT NOT NULL CHECK (json_valid(history) AND json_type(history) = 'array'),
  abolished          INTEGER NOT NULL CHECK (abolished IN (0, 1))
) STRICT;
CREATE INDEX units_by_supervisor ON units (supervisor_unit_id);
CREATE INDEX units_by_credit_code ON units (credit_code);

CREATE TABLE divisions (
  id        TEXT PRIMARY KEY,
  unit_id   TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  name      TEXT NOT NULL,
  abolished INTEGER NOT NULL CHECK (abolished IN (0, 1))
) STRICT;
CREATE INDEX divisions_by_unit ON divisions (unit_id);

CREATE TABLE ledger_entries (
  id            TEXT PRIMARY KEY,
  unit_id       TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  document_no   TEXT NOT NULL,
  date          TEXT NOT NULL,
  issuer        TEXT NOT NULL,
  post_deltas   TEXT NOT NULL CHECK (json_valid(post_deltas) AND json_type(post_deltas) = 'object'),
  leader_deltas TEXT NOT NULL CHECK (json_valid(leader_deltas) AND json_type(leader_deltas) = 'object'),
  note          TEXT NOT NULL
) STRICT;
CREATE INDEX ledger_entries_by_unit ON ledger_entries (unit_id, date);

-- staff has an explicit integer key: the full-text index (0002) points at it, and an implicit
-- rowid may be renumbered by VACUUM.
CREATE TABLE staff (
  seq                 INTEGER PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  unit_id             TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  division_id         TEXT REFERENCES divisions (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
  name                TEXT NOT NULL,
  id_number           TEXT NOT NULL,
  sex                 TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date          TEXT NOT NULL,
  ethnicity           TEXT NOT NULL,
  education           TEXT NOT NULL,
  political_status    TEXT NOT NULL,
  post_key            TEXT NOT NULL CHECK (post_key IN ('administrative', 'politicoLegal', 'institutional:full',
                        'institutional:partial', 'institutional:self', 'serviceWorker', 'organOther')),
  position            TEXT NOT NULL,
  position_level      TEXT NOT NULL,
  leader_kind         TEXT CHECK (leader_kind IN ('unitHead', 'unitDeputy', 'otherLeader', 'divisionHead', 'divisionDeputy')),
  retirement_category TEXT NOT NULL CHECK (retirement_category IN ('male', 'female-50', 'female-55')),
  enrolled_on         TEXT NOT NULL,
  entry_channel       TEXT NOT NULL,
  slip_number         TEXT,
  slot_no             INTEGER,
  phone               TEXT NOT NULL,
  left_on             TEXT
) STRICT;
CREATE INDEX staff_by_unit ON staff (unit_id, name);
-- Not unique: the same ID number twice is an alarm the replica must be able to show.
CREATE INDEX staff_by_id_number ON staff (id_number);
CREATE INDEX staff_by_division ON staff (division_id);

CREATE TABLE departed_staff (
  id                        TEXT PRIMARY KEY,
  unit_id                   TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  division_id               TEXT,
  name                      TEXT NOT NULL,
  id_number                 TEXT NOT NULL,
  sex                       TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date                TEXT NOT NULL,
  ethnicity                 TEXT NOT NULL,
  education                 TEXT NOT NULL,
  political_status          TEXT NOT NULL,
  post_key                  TEXT NOT NULL,
  position                  TEXT NOT NULL,
  position_level            TEXT NOT NULL,
  leader_kind               TEXT,
  retirement_category       TEXT NOT NULL,
  enrolled_on               TEXT NOT NULL,
  entry_channel             TEXT NOT NULL,
  slip_number               TEXT,
  slot_no                   INTEGER,
  phone                     TEXT NOT NULL,
  left_on                   TEXT,
  departed_on               TEXT NOT NULL,
  reason                    TEXT NOT NULL,
  departure_notice_number   TEXT
) STRICT;
CREATE INDEX departed_staff_by_unit ON departed_staff (unit_id, departed_on);
CREATE INDEX departed_staff_by_id_number ON departed_staff (id_number);

CREATE TABLE requests (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('postUse', 'enrollment', 'departure', 'change')),
  unit_id      TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  state        TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'supervisorReview', 'bianbanReview',
                 'approved', 'returned', 'rejected', 'withdrawn')),
  payload      TEXT NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
  created_at   TEXT NOT NULL,
  submitted_at TEXT,
  trail        TEXT NOT NULL CHECK (json_valid(trail) AND json_type(trail) = 'array')
) STRICT;
CREATE INDEX requests_by_unit ON requests (unit_id, created_at);
CREATE INDEX requests_by_state ON requests (state);

CREATE TABLE slips (
  number          TEXT PRIMARY KEY,
  request_id      TEXT NOT NULL,
  unit_id         TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  bianban_id      TEXT NOT NULL,
  post_key        TEXT NOT NULL CHECK (post_key IN ('administrative', 'politicoLegal', 'institutional:full',
                    'institutional:partial', 'institutional:self', 'serviceWorker', 'organOther')),
  funding_form    TEXT CHECK (funding_form IN ('full', 'partial', 'self')),
  recruit_channel TEXT NOT NULL,
  count           INTEGER NOT NULL CHECK (count >= 1),
  issued_on       TEXT NOT NULL,
  valid_until     TEXT NOT NULL,
  at_approval     TEXT NOT NULL CHECK (json_valid(at_approval) AND json_type(at_approval) = 'object'),
  status          TEXT NOT NULL CHECK (status IN ('active', 'usedUp', 'expired', 'revoked')),
  opinion         TEXT NOT NULL
) STRICT;
CREATE INDEX slips_by_unit ON slips (unit_id, issued_on);
CREATE INDEX slips_by_request ON slips (request_id);

CREATE TABLE slip_slots (
  slip_number TEXT NOT NULL REFERENCES slips (number) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  slot_no     INTEGER NOT NULL CHECK (slot_no >= 1),
  staff_id    TEXT,
  staff_name  TEXT,
  used_on     TEXT,
  PRIMARY KEY (slip_number, slot_no)
) STRICT;

CREATE TABLE notices (
  number      TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('enrollmentNotice', 'departureNotice')),
  request_id  TEXT NOT NULL,
  unit_id     TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  staff_id    TEXT NOT NULL,
  issued_on   TEXT NOT NULL,
  slip_number TEXT,
  slot_no     INTEGER
) STRICT;
CREATE INDEX notices_by_unit ON notices (unit_id, issued_on);
CREATE INDEX notices_by_staff ON notices (staff_id);

CREATE TABLE off_establishment (
  unit_id TEXT PRIMARY KEY REFERENCES units (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  count   INTEGER NOT NULL CHECK (count >= 0)
) STRICT;

-- Local-only tables: never written by a pull.

CREATE TABLE outbox (
  id         TEXT PRIMARY KEY,
  request_id TEXT NOT NULL,
  body       TEXT NOT NULL CHECK (json_valid(body)),
  signature  TEXT NOT NULL CHECK (json_valid(signature) AND json_type(signature) = 'object'),
  state      TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'acked', 'failed')),
  attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  created_at TEXT NOT NULL,
  acked_at   TEXT
) STRICT;
CREATE INDEX outbox_by_state ON outbox (state, id);
CREATE INDEX outbox_by_request ON outbox (request_id);

CREATE TABLE drafts (
  id         TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('postUse', 'enrollment', 'departure', 'change')),
  unit_id    TEXT NOT NULL,
  payload    TEXT NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX drafts_by_unit ON drafts (unit_id, updated_at);

CREATE TABLE print_log (
  id          INTEGER PRIMARY KEY,
  printed_by  TEXT NOT NULL,
  printed_at  TEXT NOT NULL,
  form_kind   TEXT NOT NULL,
  form_number TEXT,
  copies      INTEGER NOT NULL CHECK (copies >= 1),
  reprint     INTEGER NOT NULL CHECK (reprint IN (0, 1))
) STRICT;
CREATE INDEX print_log_by_form ON print_log (form_kind, form_number);

CREATE TABLE sync_cursor (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  cursor          TEXT,
  last_pull_at    TEXT,
  last_push_at    TEXT,
  snapshot_cursor TEXT,
  snapshot_done   INTEGER NOT NULL DEFAULT 0,
  snapshot_total  INTEGER,
  snapshot_complete INTEGER NOT NULL DEFAULT 0 CHECK (snapshot_complete IN (0, 1))
) STRICT;
INSERT INTO sync_cursor (id) VALUES (1);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;
`;

export const version = 1;
export const name = 'initial';

export function up(db: Database): void {
  db.exec(SQL);
}
