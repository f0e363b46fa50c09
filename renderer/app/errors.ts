import type { ApiError } from '../../domain/contract/errors';

/** The message a person reads; programs use `code`. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as ApiError).message);
  return String(e);
}
