import type { Database } from 'better-sqlite3';

/**
 * The print log named the publicity notice `publicity` while everything else says `publicityNotice`
 * (domain/forms/printable-forms.ts); rows written before are renamed so 补打 is still recognised.
 */
export const version = 6;
export const name = 'print-log-form-names';

export function up(db: Database): void {
  db.exec(`UPDATE print_log SET form_kind = 'publicityNotice' WHERE form_kind = 'publicity';`);
}
