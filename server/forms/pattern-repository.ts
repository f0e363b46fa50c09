/**
 * Per-bianban form-number patterns. Numbering reads them inside the issuing transaction; a reviewer of
 * the bianban (or the import) sets them, audited and published in the change log for reviewers' replicas.
 */
import { DEFAULT_FORM_NUMBER_PATTERNS, formNumberPatternFor, validateFormNumberPattern } from '../../domain/form-number';
import { FORM_KINDS, type FormKind } from '../../domain/forms';
import type { FormNumberPatternsView } from '../../domain/api/forms';
import type { Journal } from '../audit/journal';
import type { Queryable } from '../db/database';

export type PatternOverrides = Partial<Record<FormKind, string>>;

export async function patternOverrides(q: Queryable, bianbanId: string): Promise<PatternOverrides> {
  const r = await q.query<{ kind: FormKind; pattern: string }>('SELECT kind, pattern FROM form_number_patterns WHERE bianban_id = $1', [bianbanId]);
  return Object.fromEntries(r.rows.map((x) => [x.kind, x.pattern]));
}

export function patternsView(bianbanId: string, custom: PatternOverrides): FormNumberPatternsView {
  return { bianbanId, custom, patterns: Object.fromEntries(FORM_KINDS.map((k) => [k, formNumberPatternFor(k, custom)])) };
}

/**
 * Checks a set of changes: every pattern valid (domain rule), and the kinds of one bianban still told
 * apart after the change (two kinds with one pattern would print the same number twice). Returns the
 * first problem as { kind, message } or null.
 */
export function checkPatternChanges(current: PatternOverrides, changes: Partial<Record<FormKind, string | null>>): { kind: FormKind; message: string } | null {
  const next: PatternOverrides = { ...current };
  for (const kind of FORM_KINDS) {
    if (!(kind in changes)) continue;
    const v = changes[kind];
    if (v === null || v === undefined) delete next[kind];
    else {
      const c = validateFormNumberPattern(v);
      if (!c.ok) return { kind, message: c.error };
      next[kind] = v;
    }
  }
  const seen = new Map<string, FormKind>();
  for (const kind of FORM_KINDS) {
    const p = formNumberPatternFor(kind, next);
    const other = seen.get(p);
    if (other) return { kind, message: `表单编号格式：${kind} 与 ${other} 的格式相同（${p}），不同表单须能从编号区分` };
    seen.set(p, kind);
  }
  return null;
}

export async function setPatterns(
  q: Queryable,
  j: Journal,
  o: { bianbanId: string; changes: Partial<Record<FormKind, string | null>>; actor: string; at: string },
): Promise<FormNumberPatternsView> {
  const before = await patternOverrides(q, o.bianbanId);
  for (const kind of FORM_KINDS) {
    if (!(kind in o.changes)) continue;
    const v = o.changes[kind];
    if (v === null || v === undefined || v === DEFAULT_FORM_NUMBER_PATTERNS[kind]) {
      await q.query('DELETE FROM form_number_patterns WHERE bianban_id = $1 AND kind = $2', [o.bianbanId, kind]);
    } else {
      await q.query(
        `INSERT INTO form_number_patterns (bianban_id, kind, pattern, updated_at, updated_by) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (bianban_id, kind) DO UPDATE SET pattern = EXCLUDED.pattern, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [o.bianbanId, kind, v, o.at, o.actor],
      );
    }
  }
  const after = await patternOverrides(q, o.bianbanId);
  const view = patternsView(o.bianbanId, after);
  await j.audit({ actor: o.actor, action: 'bianban.formNumberPatterns', entity: 'bianban', entityId: o.bianbanId, before, after, detail: { changes: o.changes } });
  await j.change({ entity: 'formNumberPatterns', id: o.bianbanId, unitId: null, bianbanId: o.bianbanId, data: view });
  return view;
}
