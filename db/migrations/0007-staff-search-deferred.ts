import type { Database } from 'better-sqlite3';

/**
 * Lets a bulk write (a first-sync page, demo data) index the staff it inserts in one statement at the
 * end instead of row by row. Any row trigger on `staff` costs ~10 µs per inserted row, and indexing
 * each row as it goes interleaves the full-text writes with the staff table's B-trees: on 50,000 staff
 * inserting the rows, then indexing them all, is several times faster.
 *
 * A bulk write (StaffRepository.deferSearchIndex), inside its write transaction, drops the insert
 * trigger, records in `staff_search_deferred` the highest `seq` already indexed, gives its new rows
 * `seq` numbers above it, indexes those rows at the end and puts the trigger back before the
 * transaction commits — other connections never see it missing. Meanwhile a delete or rename of a row
 * above that mark must not touch the index (the row is not in it yet), hence the guards below; with no
 * bulk write under way the table is empty and every write indexes exactly as before.
 */
const SQL = `
CREATE TABLE staff_search_deferred (
  only     INTEGER PRIMARY KEY CHECK (only = 1),
  from_seq INTEGER NOT NULL
) STRICT;

DROP TRIGGER staff_search_delete;
DROP TRIGGER staff_search_update;

CREATE TRIGGER staff_search_delete AFTER DELETE ON staff
WHEN NOT EXISTS (SELECT 1 FROM staff_search_deferred WHERE old.seq > from_seq) BEGIN
  INSERT INTO staff_search (staff_search, rowid, name, id_number) VALUES ('delete', old.seq, old.name, old.id_number);
END;

CREATE TRIGGER staff_search_update AFTER UPDATE OF name, id_number ON staff
WHEN NOT EXISTS (SELECT 1 FROM staff_search_deferred WHERE old.seq > from_seq) BEGIN
  INSERT INTO staff_search (staff_search, rowid, name, id_number) VALUES ('delete', old.seq, old.name, old.id_number);
  INSERT INTO staff_search (rowid, name, id_number) VALUES (new.seq, new.name, new.id_number);
END;
`;

export const version = 7;
export const name = 'staff-search-deferred';

export function up(db: Database): void {
  db.exec(SQL);
}
