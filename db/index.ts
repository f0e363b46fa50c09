/** The client's local SQLite store. Everything outside db/ goes through this file. */
export { openReplica, type OpenReplicaOptions, type Store, type StoreInfo } from './open';
export { SchemaTooNewError } from './migrate';
export { MIGRATIONS, type Migration } from './migrations/index';
export { UnitRepository } from './unit-repository';
export { LedgerRepository } from './ledger-repository';
export { StaffRepository, type StaffSearchOptions } from './staff-repository';
export { RequestRepository, type RequestListOptions } from './request-repository';
export { SlipRepository } from './slip-repository';
export { OutboxRepository, OutboxTransitionError, OUTBOX_STATES, type OutboxItem, type OutboxState, type NewOutboxItem } from './outbox-repository';
export { LocalRepository, type Draft, type PrintKind, type PrintRecord, type SyncCursor } from './local-repository';
export { ReplicaChangeError, type ReplicaChange, type ReplicaKeys, type ReplicaRows, type ReplicaTable } from './replica-repository';
export { uuidv7 } from './uuid-v7';
export { ledgerSummaryForSubtree, ledgerSummaryForUnits, type SubtreeSummary } from './ledger-summary';
export { loadSlice } from './load-slice';
export { SealedFormRepository } from './sealed-form-repository';
export { PhotoRepository, type PhotoContentType, type StoredPhoto } from './photo-repository';
