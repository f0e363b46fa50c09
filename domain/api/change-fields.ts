/** The changeable fields are a domain rule (domain/change-fields.ts); the HTTP layer re-exports them. */
export { STAFF_CHANGE_FIELDS, UNIT_CHANGE_FIELDS } from '../change-fields';
