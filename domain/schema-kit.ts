/**
 * The one TypeBox kit for every shape that crosses a seam: the server's HTTP routes (checked by Fastify's
 * AJV), the client's check of each server answer and the IPC contract (both checked by `Value.Check`, the
 * only checker usable under the renderer's CSP, which forbids eval). Everything here validates the same
 * in both checkers: enums are unions of literals (never `Type.Unsafe`), dates are patterns (no `format`).
 */
import { Type, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

export function Enum<const T extends readonly string[]>(values: T): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((v) => Type.Literal(v))) as never;
}

export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

/** Free text up to `max` characters (may be empty). */
export const Str = (max = 500) => Type.String({ maxLength: max });
export const Int = (min = 0, max = 1_000_000_000) => Type.Integer({ minimum: min, maximum: max });
/** Counts can be negative: vacancy goes below zero when a unit is over establishment. */
export const Count = Type.Integer();
/** A calendar date, `YYYY-MM-DD`. */
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
/** A moment as records carry it (ISO 8601 text; not pattern-checked: stored values come from the server). */
export const Instant = Type.String({ maxLength: 40 });
/** A moment a client signs (`createdAt` of a request): strict ISO 8601 with a zone. */
export const DateTime = Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' });
export const Empty = Type.Object({}, { additionalProperties: false });

/**
 * An identifier as records carry it (units, staff, divisions, ledger entries, drafts): server UUIDs,
 * codes such as `U001`, ids imported from the previous system, local UUIDv7s. Not pattern-checked:
 * the replica holds whatever the server stored.
 */
export const Id = Type.String({ minLength: 1, maxLength: 64 });
/**
 * An identifier the bianban server accepts in a path or a signed payload: the same ids, restricted to
 * characters that are safe in a URL path segment and in a log line.
 */
export const ServerId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
export const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
export const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

/**
 * Text PostgreSQL cannot store (a NUL character) or that is not Unicode (a lone UTF-16 surrogate). The
 * server refuses it in every path parameter, query and JSON body, in one place (server/http/input-guard.ts),
 * so the schemas need not repeat it per field.
 */
export function hasUnstorableText(s: string): boolean {
  return UNSTORABLE.test(s);
}
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
