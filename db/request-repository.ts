import type { Database } from 'better-sqlite3';
import type { AnyRequest, RequestKind, RequestState } from '../domain/requests';
import { fromJson, orNull, toJson } from './rows';

interface RequestRow {
  id: string;
  kind: string;
  unit_id: string;
  state: string;
  payload: string;
  created_at: string;
  submitted_at: string | null;
  trail: string;
}

function toRequest(r: RequestRow): AnyRequest {
  return {
    id: r.id,
    kind: r.kind as RequestKind,
    unitId: r.unit_id,
    state: r.state as RequestState,
    payload: fromJson(r.payload),
    createdAt: r.created_at,
    submittedAt: r.submitted_at,
    trail: fromJson(r.trail),
  } as AnyRequest;
}

export interface RequestListOptions {
  states?: readonly RequestState[];
  kinds?: readonly RequestKind[];
}

function prepare(db: Database) {
  return {
    get: db.prepare('SELECT * FROM requests WHERE id = ?'),
    // Filters travel as JSON array parameters (NULL = no filter). Newest first.
    byUnit: db.prepare(`
      SELECT * FROM requests WHERE unit_id = @unitId
        AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
        AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
      ORDER BY created_at DESC, id DESC`),
    upsert: db.prepare(`
      INSERT INTO requests (id, kind, unit_id, state, payload, created_at, submitted_at, trail)
      VALUES (@id, @kind, @unitId, @state, @payload, @createdAt, @submittedAt, @trail)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, unit_id = excluded.unit_id, state = excluded.state,
        payload = excluded.payload, created_at = excluded.created_at, submitted_at = excluded.submitted_at,
        trail = excluded.trail`),
    delete: db.prepare('DELETE FROM requests WHERE id = ?'),
  };
}

/** 业务申报 as the server last reported them (the unit's own unsent work lives in drafts/outbox). */
export class RequestRepository {
  private readonly s: ReturnType<typeof prepare>;

  constructor(db: Database) {
    this.s = prepare(db);
  }

  get(id: string): AnyRequest | null {
    const r = this.s.get.get(id) as RequestRow | undefined;
    return r ? toRequest(r) : null;
  }

  listByUnit(unitId: string, opts: RequestListOptions = {}): AnyRequest[] {
    const rows = this.s.byUnit.all({
      unitId,
      states: opts.states ? toJson(opts.states) : null,
      kinds: opts.kinds ? toJson(opts.kinds) : null,
    });
    return (rows as RequestRow[]).map(toRequest);
  }

  upsert(r: AnyRequest): void {
    this.s.upsert.run({
      id: r.id,
      kind: r.kind,
      unitId: r.unitId,
      state: r.state,
      payload: toJson(r.payload),
      createdAt: r.createdAt,
      submittedAt: orNull(r.submittedAt),
      trail: toJson(r.trail),
    });
  }

  delete(id: string): void {
    this.s.delete.run(id);
  }
}
