import type { Migration } from './types';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-staff-search';
import * as m0003 from './0003-staff-post-counts';
import * as m0004 from './0004-sealed-forms';
import * as m0005 from './0005-photos';
import * as m0006 from './0006-print-log-form-names';
import * as m0007 from './0007-staff-search-deferred';

export type { Migration } from './types';

/** Every migration in order. Static imports so a bundled client carries them all. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007];
