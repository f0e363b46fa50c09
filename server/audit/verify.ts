import type { Queryable } from '../db/database';
import { auditPage } from '../repositories/audit-repository';
import { auditHash, GENESIS_HASH } from './hash';

export type ChainCheck =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; brokenAt: number; reason: string };

/**
 * Walks the chain in pages. An edited row fails its own hash; a deleted row leaves a gap in seq and a
 * prev_hash that no longer matches; a re-numbered tail breaks the first link after the cut.
 */
export async function verifyAuditChain(db: Queryable, pageSize = 2000): Promise<ChainCheck> {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const page = await auditPage(db, expectedSeq, pageSize);
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, count, brokenAt: expectedSeq, reason: `第 ${expectedSeq} 条记录缺失（下一条为第 ${seq} 条），审计日志被删除过` };
      if (r.prev_hash !== prev) return { ok: false, count, brokenAt: seq, reason: `第 ${seq} 条记录的前一环哈希不符，之前的记录被改动或删除` };
      const h = auditHash({
        seq,
        at: r.at,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        beforeDigest: r.before_digest,
        afterDigest: r.after_digest,
        signature: r.signature ?? null,
        detail: r.detail ?? null,
        prevHash: r.prev_hash,
      });
      if (h !== r.hash) return { ok: false, count, brokenAt: seq, reason: `第 ${seq} 条记录的内容与其哈希不符，该记录被直接修改过` };
      prev = r.hash;
      expectedSeq++;
      count++;
    }
    if (page.length < pageSize) return { ok: true, count, head: prev };
  }
}
