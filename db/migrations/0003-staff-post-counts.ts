import type { Database } from 'better-sqlite3';

/**
 * Covering index for the ledger summary: staff counted per unit, post key and leader kind are read
 * from the index alone, so a department with 100 subordinates is summed without touching staff rows.
 */
export const version = 3;
export const name = 'staff-post-counts';

export function up(db: Database): void {
  db.exec('CREATE INDEX staff_post_counts ON staff (unit_id, post_key, leader_kind)');
}
