import { sql as m0001 } from './0001-initial';
import { sql as m0002 } from './0002-form-number-patterns';
import { sql as m0003 } from './0003-photos';
import { sql as m0004 } from './0004-bundles';
import { sql as m0005 } from './0005-ledger-documents';

/** Numbered migrations, applied in order, each once, each in its own transaction. Never edit a shipped one. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'initial', sql: m0001 },
  { version: 2, name: 'form-number-patterns', sql: m0002 },
  { version: 3, name: 'photos', sql: m0003 },
  { version: 4, name: 'bundles', sql: m0004 },
  { version: 5, name: 'ledger-documents', sql: m0005 },
];
