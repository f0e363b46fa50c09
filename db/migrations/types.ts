import type { Database } from 'better-sqlite3';

/**
 * One schema step. Migrations are history: once released, a migration's `up` never changes —
 * a later fix is a new numbered file. That is why the SQL below spells out literal value lists
 * instead of importing them from domain/: a fresh database and an upgraded one must end up equal.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
