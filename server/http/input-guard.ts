/**
 * Text PostgreSQL cannot store, refused at the door for every route: a NUL character or a lone UTF-16
 * surrogate anywhere in the path parameters, the query or a JSON body (values and keys) is a 400 naming
 * the field, before validation and before any handler runs. The schemas need not repeat it per field;
 * the error handler's SQLSTATE mapping stays as the safety net behind it.
 */
import type { FastifyRequest } from 'fastify';
import { hasUnstorableText } from '../../domain/schema-kit';
import { badRequest } from './errors';

const MAX_DEPTH = 64;

/** The first field (dotted path) whose text or key cannot be stored, or null. */
export function unstorableField(v: unknown, at = '', depth = 0): string | null {
  if (typeof v === 'string') return hasUnstorableText(v) ? at || '(内容)' : null;
  if (depth > MAX_DEPTH || v === null || typeof v !== 'object' || Buffer.isBuffer(v) || v instanceof Uint8Array) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const f = unstorableField(v[i], at ? `${at}.${i}` : String(i), depth + 1);
      if (f) return f;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const here = at ? `${at}.${k}` : k;
    if (hasUnstorableText(k)) return at || '(内容)';
    const f = unstorableField(x, here, depth + 1);
    if (f) return f;
  }
  return null;
}

/** A preValidation hook for every route. */
export async function refuseUnstorableText(req: FastifyRequest): Promise<void> {
  for (const part of [req.params, req.query, req.body]) {
    const field = unstorableField(part);
    if (field) {
      throw badRequest(`字段 ${field} 含有无效字符（空字符或残缺的 Unicode 字符）：请删除这些字符后重新提交`, field);
    }
  }
}
