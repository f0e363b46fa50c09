import { sql as m0001 } from './0001-initial';

/** Numbered migrations, applied in order, each once, each in its own transaction. Never edit a shipped one. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'initial', sql: m0001 },
];
