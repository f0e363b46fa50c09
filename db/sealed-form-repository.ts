import type { Database } from 'better-sqlite3';
import type { SealedForm } from '../domain/forms/sealed-content';
import { toJson } from './rows';

interface SealedFormRow {
  number: string;
  kind: string;
  unit_id: string;
  content: string;
  digest: string;
  seal: string;
  issued_at: string | null;
}

function toForm(r: SealedFormRow): SealedForm {
  const form: SealedForm = { number: r.number, kind: r.kind as SealedForm['kind'], content: JSON.parse(r.content), digest: r.digest, seal: JSON.parse(r.seal) };
  if (r.issued_at) form.issuedAt = r.issued_at;
  return form;
}

/** Sealed forms pulled from the server (replica table). */
export class SealedFormRepository {
  private readonly s;

  constructor(db: Database) {
    this.s = {
      get: db.prepare('SELECT * FROM sealed_forms WHERE number = ?'),
      byUnit: db.prepare('SELECT * FROM sealed_forms WHERE unit_id = ? ORDER BY kind, number'),
      upsert: db.prepare(`
        INSERT INTO sealed_forms (number, kind, unit_id, content, digest, seal, issued_at)
        VALUES (@number, @kind, @unitId, @content, @digest, @seal, @issuedAt)
        ON CONFLICT (number) DO UPDATE SET kind = excluded.kind, unit_id = excluded.unit_id, content = excluded.content,
          digest = excluded.digest, seal = excluded.seal, issued_at = excluded.issued_at`),
      delete: db.prepare('DELETE FROM sealed_forms WHERE number = ?'),
    };
  }

  get(number: string): SealedForm | null {
    const r = this.s.get.get(number) as SealedFormRow | undefined;
    return r ? toForm(r) : null;
  }

  listByUnit(unitId: string): SealedForm[] {
    return (this.s.byUnit.all(unitId) as SealedFormRow[]).map(toForm);
  }

  upsert(f: SealedForm): void {
    this.s.upsert.run({
      number: f.number,
      kind: f.kind,
      unitId: f.content.unitId,
      content: toJson(f.content),
      digest: f.digest,
      seal: toJson(f.seal),
      issuedAt: f.issuedAt ?? null,
    });
  }

  delete(number: string): void {
    this.s.delete.run(number);
  }
}
