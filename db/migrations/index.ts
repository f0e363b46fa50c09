import type { Migration } from './types';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-staff-search';

export type { Migration } from './types';

/** Every migration in order. Static imports so a bundled client carries them all. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002];
