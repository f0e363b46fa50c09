/** Moved to domain/api; kept so existing imports still work. */
export * from '../../domain/api/change-fields';
