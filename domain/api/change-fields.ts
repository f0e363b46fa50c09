/** Facts a change request may correct; anything about posts goes through its own request kinds. */
export const STAFF_CHANGE_FIELDS: readonly string[] = ['name', 'phone', 'position', 'positionLevel', 'divisionId', 'education', 'politicalStatus', 'ethnicity', 'leaderKind'];
export const UNIT_CHANGE_FIELDS: readonly string[] = ['name', 'address', 'phone', 'functions'];
