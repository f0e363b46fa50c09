import type { Database } from 'better-sqlite3';

/**
 * Full-text index over staff names and ID numbers. The trigram tokenizer indexes every run of
 * three characters, so any substring of three or more characters — 张三丰's 三丰X, the last six
 * digits of an ID number — is an index lookup. Chinese has no spaces, which is why a word
 * tokenizer (unicode61) would not do. It is an external-content table over `staff` keyed by
 * `staff.seq`, kept in step by triggers, so names are stored once.
 */
const SQL = `
CREATE VIRTUAL TABLE staff_search USING fts5 (
  name, id_number,
  content = 'staff', content_rowid = 'seq',
  tokenize = 'trigram'
);

CREATE TRIGGER staff_search_insert AFTER INSERT ON staff BEGIN
  INSERT INTO staff_search (rowid, name, id_number) VALUES (new.seq, new.name, new.id_number);
END;

CREATE TRIGGER staff_search_delete AFTER DELETE ON staff BEGIN
  INSERT INTO staff_search (staff_search, rowid, name, id_number) VALUES ('delete', old.seq, old.name, old.id_number);
END;

CREATE TRIGGER staff_search_update AFTER UPDATE OF name, id_number ON staff BEGIN
  INSERT INTO staff_search (staff_search, rowid, name, id_number) VALUES ('delete', old.seq, old.name, old.id_number);
  INSERT INTO staff_search (rowid, name, id_number) VALUES (new.seq, new.name, new.id_number);
END;

-- Index the rows that were already there.
INSERT INTO staff_search (staff_search) VALUES ('rebuild');
`;

export const version = 2;
export const name = 'staff-search';

export function up(db: Database): void {
  db.exec(SQL);
}
