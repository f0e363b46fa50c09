/** Moved to domain/api (one schema per shape, shared with the client); kept so existing imports still work. */
export * from '../../domain/api/auth';
