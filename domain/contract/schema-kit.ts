/**
 * Small TypeBox helpers for the contract. Enums are unions of literals (not `Type.Unsafe`) so that
 * `Value.Check` — the only checker usable under the renderer's CSP, which forbids eval — validates them.
 */
import { Type, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

export function Enum<const T extends readonly string[]>(values: T): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((v) => Type.Literal(v))) as never;
}

export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

export const Str = (max = 500) => Type.String({ maxLength: max });
export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const Int = (min = 0, max = 1_000_000_000) => Type.Integer({ minimum: min, maximum: max });
/** Counts can be negative: vacancy goes below zero when a unit is over establishment. */
export const Count = Type.Integer();
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Instant = Type.String({ maxLength: 40 });
export const Empty = Type.Object({}, { additionalProperties: false });
