import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { RequestKind, RequestState, TrailEntry } from '../../domain/requests';
import type { Queryable } from '../db/database';
import type { RequestView } from '../../domain/api/requests';

export interface StoredRequest {
  id: string;
  kind: RequestKind;
  unitId: string;
  unitName: string;
  bianbanId: string;
  supervisorUnitId: string | null;
  state: RequestState;
  contentDigest: string;
  content: { id: string; kind: RequestKind; unitId: string; payload: unknown; createdAt: string };
  signature: SignatureEnvelope;
  submittedBy: string;
  trail: TrailEntry[];
  result: { formNumber?: string; staffId?: string } | null;
  createdAt: string;
  submittedAt: string;
}

interface Row {
  id: string;
  kind: RequestKind;
  unit_id: string;
  unit_name: string;
  bianban_id: string;
  supervisor_unit_id: string | null;
  state: RequestState;
  content_digest: string;
  content: StoredRequest['content'];
  signature: SignatureEnvelope;
  submitted_by: string;
  trail: TrailEntry[];
  result: StoredRequest['result'];
  created_at: string;
  submitted_at: string;
}

const fromRow = (r: Row): StoredRequest => ({
  id: r.id,
  kind: r.kind,
  unitId: r.unit_id,
  unitName: r.unit_name,
  bianbanId: r.bianban_id,
  supervisorUnitId: r.supervisor_unit_id,
  state: r.state,
  contentDigest: r.content_digest,
  content: r.content,
  signature: r.signature,
  submittedBy: r.submitted_by,
  trail: r.trail,
  result: r.result,
  createdAt: r.created_at,
  submittedAt: r.submitted_at,
});

const SELECT = 'SELECT r.*, u.name AS unit_name FROM requests r JOIN units u ON u.id = r.unit_id';

export async function findRequest(q: Queryable, id: string, forUpdate = false): Promise<StoredRequest | null> {
  const r = await q.query<Row>(`${SELECT} WHERE r.id = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [id]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function insertRequest(q: Queryable, r: StoredRequest, at: string): Promise<void> {
  await q.query(
    `INSERT INTO requests (id, kind, unit_id, bianban_id, supervisor_unit_id, state, content_digest, content, signature, submitted_by, trail, result, created_at, submitted_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [r.id, r.kind, r.unitId, r.bianbanId, r.supervisorUnitId, r.state, r.contentDigest, JSON.stringify(r.content), JSON.stringify(r.signature), r.submittedBy, JSON.stringify(r.trail), r.result ? JSON.stringify(r.result) : null, r.createdAt, r.submittedAt, at],
  );
}

/** A returned request revised by its unit: new signed content, then back into review. */
export async function updateRequestContent(q: Queryable, r: StoredRequest, at: string): Promise<void> {
  await q.query('UPDATE requests SET content = $2, content_digest = $3, signature = $4, submitted_by = $5, submitted_at = $6, created_at = $7, updated_at = $8 WHERE id = $1', [
    r.id,
    JSON.stringify(r.content),
    r.contentDigest,
    JSON.stringify(r.signature),
    r.submittedBy,
    r.submittedAt,
    r.createdAt,
    at,
  ]);
}

export async function updateRequestState(q: Queryable, r: StoredRequest, at: string): Promise<void> {
  await q.query('UPDATE requests SET state = $2, trail = $3, result = $4, updated_at = $5 WHERE id = $1', [
    r.id,
    r.state,
    JSON.stringify(r.trail),
    r.result ? JSON.stringify(r.result) : null,
    at,
  ]);
}

export function toView(r: StoredRequest): RequestView {
  return {
    id: r.id,
    kind: r.kind,
    unitId: r.unitId,
    unitName: r.unitName,
    state: r.state,
    payload: r.content.payload,
    createdAt: r.createdAt,
    submittedAt: r.submittedAt,
    trail: r.trail,
    result: r.result,
  };
}

/** The change-log / replica form of a request (what the unit's client stores). */
export function toReplica(r: StoredRequest) {
  return { ...toView(r), signature: r.signature };
}

export interface QueueFilter {
  bianbanIds?: string[];
  supervisorUnitId?: string;
  states: RequestState[];
  kind?: RequestKind;
  unitId?: string;
  limit: number;
  offset: number;
}

export async function queue(q: Queryable, f: QueueFilter): Promise<{ total: number; countsByKind: Record<string, number>; items: StoredRequest[] }> {
  const where: string[] = ['r.state = ANY($1)'];
  const params: unknown[] = [f.states];
  if (f.bianbanIds) {
    params.push(f.bianbanIds);
    where.push(`r.bianban_id = ANY($${params.length})`);
  }
  if (f.supervisorUnitId) {
    params.push(f.supervisorUnitId);
    where.push(`r.supervisor_unit_id = $${params.length}`);
  }
  if (f.unitId) {
    params.push(f.unitId);
    where.push(`r.unit_id = $${params.length}`);
  }
  const base = where.join(' AND ');
  const counts = await q.query<{ kind: string; n: number }>(`SELECT r.kind, count(*)::int AS n FROM requests r WHERE ${base} GROUP BY r.kind`, params);
  const countsByKind: Record<string, number> = {};
  for (const c of counts.rows) countsByKind[c.kind] = c.n;
  const kindParams = [...params];
  let kindWhere = base;
  if (f.kind) {
    kindParams.push(f.kind);
    kindWhere += ` AND r.kind = $${kindParams.length}`;
  }
  const total = f.kind ? (countsByKind[f.kind] ?? 0) : Object.values(countsByKind).reduce((a, b) => a + b, 0);
  kindParams.push(f.limit, f.offset);
  const rows = await q.query<Row>(
    `${SELECT} WHERE ${kindWhere} ORDER BY r.submitted_at, r.id LIMIT $${kindParams.length - 1} OFFSET $${kindParams.length}`,
    kindParams,
  );
  return { total, countsByKind, items: rows.rows.map(fromRow) };
}
