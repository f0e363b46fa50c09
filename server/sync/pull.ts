/**
 * Pull: changes after a cursor, in sequence order, limited to what the certificate may see. The change
 * log keeps only the latest version of each entity, so a pull from 0 is the full snapshot; its first page
 * carries the total for a progress bar.
 */
import type { AppDeps } from '../context';
import type { Principal } from '../../domain/api/auth';
import { SYNC_PROTOCOL_VERSION, type PullResponse } from '../../domain/api/sync';
import { changeCount, changesAfter, type ChangeScope } from '../repositories/change-repository';
import { jurisdiction } from '../repositories/scope-repository';

export async function pull(d: AppDeps, p: Principal, after: number, limit: number): Promise<PullResponse> {
  let scope: ChangeScope;
  // A unit sees its own records and its subordinates', plus its bianban's own record.
  if (p.role === 'unit' && p.unitId) scope = { unitId: p.unitId };
  else if (p.role === 'reviewer' && p.bianbanId) scope = { bianbanIds: await jurisdiction(d.db, p.bianbanId) };
  else return { changes: [], cursor: after, hasMore: false, protocolVersion: SYNC_PROTOCOL_VERSION };
  const rows = await changesAfter(d.db, scope, after, limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const out: PullResponse = {
    changes: page.map((r) => ({ seq: Number(r.seq), entity: r.entity, id: r.entity_id, data: r.data })),
    cursor: page.length ? Number(page[page.length - 1]!.seq) : after,
    hasMore,
    protocolVersion: SYNC_PROTOCOL_VERSION,
  };
  if (after === 0) out.total = await changeCount(d.db, scope);
  return out;
}
