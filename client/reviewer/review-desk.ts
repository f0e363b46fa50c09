/**
 * 审核工作台 over the server's review API: the queue with what an approval would cause, one request with
 * its context (live ledger figures, vacancy after approval, the person's records province-wide),
 * decisions one by one or in a batch of clean requests, and the decisions this reviewer made.
 */
import type { Store } from '../../db/index';
import type { ResponseOf } from '../../domain/contract/channels';
import type { RequestOf } from '../../domain/contract/channels';
import type { ReviewItem } from '../../domain/contract/reviewer';
import { ApiError } from '../../domain/contract/errors';
import { requestTitle } from '../../domain/contract/request-checks';
import { checkPostUse, total, type LedgerSummary } from '../../domain/ledger';
import { POST_KEYS, type PostKey } from '../../domain/posts';
import type { RequestView } from '../../domain/api/requests';
import type { PersonRecord } from '../../domain/api/reviewer';
import type { ServerConnection } from '../connection';

/** A request as the server answers it. */
type ServerRequest = RequestView;

const DAY = 86_400_000;

export interface ReviewDeskDeps {
  session: ServerConnection;
  store: Store;
  now: () => Date;
}

export class ReviewDesk {
  constructor(private readonly d: ReviewDeskDeps) {}

  private summary(unitId: string): Promise<LedgerSummary> {
    return this.d.session.call('unitSummary', { params: { id: unitId } });
  }

  private async people(idNumber: string): Promise<PersonRecord[]> {
    if (!/^[0-9]{17}[0-9Xx]$/.test(idNumber)) return [];
    return this.d.session.call('reviewerPerson', { params: { idNumber } });
  }

  private staffName = (id: string) => this.d.store.staff.get(id)?.name ?? this.d.store.staff.getDeparted(id)?.name;

  /** What approving `r` would cause, given the unit's live ledger: empty means clean. */
  private problems(r: ServerRequest, s: LedgerSummary | null, others: { unitId: string; departedOn: string | null; unitName: string }[] = []): string[] {
    const p = (r.payload ?? {}) as Record<string, unknown>;
    const out: string[] = [];
    if (r.kind === 'postUse' && s) {
      const msg = checkPostUse(s, p.postKey as PostKey, Number(p.count));
      if (msg) out.push(`超编：${msg.replace(/^[^：]*：/, '')}`);
    }
    if (r.kind === 'enrollment') {
      const active = others.filter((o) => o.departedOn === null);
      for (const o of active) out.push(`一人一编：此人已在 ${o.unitName} 在编，须先办理出编`);
    }
    return out;
  }

  private item(r: ServerRequest, problems: string[]): ReviewItem {
    return {
      id: r.id,
      kind: r.kind,
      unitId: r.unitId,
      unitName: r.unitName,
      state: r.state,
      title: requestTitle(r.kind, r.payload, { staffName: this.staffName }),
      submittedAt: r.submittedAt,
      ageDays: Math.max(0, Math.floor((this.d.now().getTime() - Date.parse(r.submittedAt)) / DAY)),
      problems,
    };
  }

  async queue(q: RequestOf<'reviewer:queue'>): Promise<ResponseOf<'reviewer:queue'>> {
    const r = await this.d.session.call('reviewQueue', { query: { limit: 500, state: q.stage ?? 'bianbanReview', kind: q.kind, unitId: q.unitId } });
    const summaries = new Map<string, LedgerSummary>();
    for (const x of r.items) if (x.kind === 'postUse' && !summaries.has(x.unitId)) summaries.set(x.unitId, await this.summary(x.unitId));
    const items = [];
    for (const x of r.items) {
      const p = (x.payload ?? {}) as { person?: { idNumber?: string } };
      const others = x.kind === 'enrollment' ? await this.people(String(p.person?.idNumber ?? '')) : [];
      items.push(this.item(x, this.problems(x, summaries.get(x.unitId) ?? null, others)));
    }
    const shown = items.filter((i) => q.minAgeDays === undefined || i.ageDays >= q.minAgeDays);
    return { total: r.total, countsByKind: r.countsByKind, items: shown };
  }

  async context(id: string): Promise<ResponseOf<'reviewer:context'>> {
    const r = await this.d.session.call('requestGet', { params: { id } });
    const s = await this.summary(r.unitId);
    const p = (r.payload ?? {}) as { postKey?: PostKey; count?: number; person?: { idNumber?: string; name?: string } };
    const others = r.kind === 'enrollment' ? await this.people(String(p.person?.idNumber ?? '')) : [];
    const delta = (k: PostKey) => (r.kind === 'postUse' && p.postKey === k ? Number(p.count ?? 0) : 0);
    const posts = POST_KEYS.filter((k) => s.approved[k] !== 0 || s.occupied[k] !== 0 || s.reserved[k] !== 0 || delta(k) !== 0).map((k) => ({
      postKey: k,
      approved: s.approved[k],
      occupied: s.occupied[k],
      reserved: s.reserved[k],
      vacant: s.vacant[k],
      vacantAfter: s.vacant[k] - delta(k),
    }));
    const ledger = this.d.store.ledger
      .listByUnit(r.unitId)
      .sort((a, b) => (a.date < b.date ? 1 : -1))
      .map((e) => ({ documentNo: e.documentNo, date: e.date, issuer: e.issuer, total: total(e.postDeltas as Record<string, number>) }));
    return {
      item: this.item(r, this.problems(r, s, others)),
      payload: r.payload,
      posts,
      ledger,
      trail: r.trail.map((t) => ({ at: t.at, event: t.event, actorName: t.actorName, comment: t.comment })),
      otherRecords: others.map((o) => ({ unitName: o.unitName, name: o.name, status: o.departedOn ? `已出编（${o.departedOn}）` : '在编' })),
    };
  }

  async decide(id: string, outcome: 'approve' | 'return' | 'reject', comment: string): Promise<ResponseOf<'reviewer:decide'>> {
    if (outcome !== 'approve' && !comment.trim()) throw new ApiError('VALIDATION', '审核意见：退回或不予核准时必须填写，说明原因和修改要求', 'comment');
    const r = await this.d.session.call('requestDecision', { params: { id }, body: { outcome, comment } });
    return { id, ok: true, state: r.request.state, formNumber: r.request.result?.formNumber ?? null, message: '' };
  }

  /** Re-checks each request right before approving it: one that stopped being clean is left for a closer look. */
  async batchApprove(ids: string[], comment: string): Promise<ResponseOf<'reviewer:batchApprove'>> {
    const out: ResponseOf<'reviewer:batchApprove'> = [];
    for (const id of ids) {
      try {
        const c = await this.context(id);
        if (c.item.problems.length > 0) {
          out.push({ id, ok: false, state: c.item.state, formNumber: null, message: `未批量核准：${c.item.problems.join('；')}` });
          continue;
        }
        out.push(await this.decide(id, 'approve', comment || '同意'));
      } catch (e) {
        out.push({ id, ok: false, state: '', formNumber: null, message: e instanceof Error ? e.message : String(e) });
      }
    }
    return out;
  }

  /** Decisions by this reviewer's certificate, from the replica (the reviewer's pull carries every request of the jurisdiction). */
  history(): ResponseOf<'reviewer:history'> {
    const me = this.d.session.me?.certSerial;
    if (!me) return [];
    const out: ResponseOf<'reviewer:history'> = [];
    for (const u of this.d.store.units.listAll()) {
      // The replica keeps no request result: a post-use approval's number is on its slip.
      const slipOf = new Map(this.d.store.slips.listByUnit(u.id).map((x) => [x.requestId, x.number]));
      for (const r of this.d.store.requests.listByUnit(u.id)) {
        for (const t of r.trail) {
          if (t.actor !== me || !['approve', 'return', 'reject'].includes(t.event)) continue;
          out.push({
            id: r.id,
            kind: r.kind,
            unitName: u.name,
            title: requestTitle(r.kind, r.payload, { staffName: this.staffName }),
            outcome: t.event,
            comment: t.comment,
            at: t.at,
            formNumber: t.event === 'approve' ? (slipOf.get(r.id) ?? null) : null,
          });
        }
      }
    }
    return out.sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, 500);
  }
}
