/**
 * Filing a request: the same field checks the window ran live (domain/contract/request-checks), a
 * vacancy pre-check against the replica, then the key signs the canonical JSON of the request and it
 * waits in the outbox (待上传) until the sync client delivers it. Nothing here writes the replica:
 * only pulled server changes do.
 */
import { uuidv7, type Draft, type OutboxItem, type Store } from '../db/index';
import { canonicalJson } from '../domain/crypto/canonical-json';
import { ApiError } from '../domain/contract/errors';
import { checkPayload, requestTitle, type CheckContext, type FieldProblem } from '../domain/contract/request-checks';
import type { DraftView, LocalState, RequestItem } from '../domain/contract/views';
import { isAwaitingDecision } from '../domain/request-state';
import { REQUEST_STATE_LABELS, type AnyRequest, type EnrollmentPayload, type PayloadByKind, type RequestKind } from '../domain/requests';
import { validateIdNumber } from '../domain/validation/id-number';
import type { SignatureEnvelope } from '../domain/crypto/signature';
import type { ReplicaView } from './replica-view';

/** What the unit signs; the server verifies its signature over canonicalJson of exactly this. */
export interface SignedContent {
  id: string;
  kind: RequestKind;
  unitId: string;
  payload: unknown;
  createdAt: string;
}

export interface FilingDeps {
  store: Store;
  view: () => ReplicaView;
  unitId: () => string;
  today: () => string;
  now: () => Date;
  sign: (data: Uint8Array) => Promise<SignatureEnvelope>;
  /** Sends a re-signed request to the server's same-id resubmit route, then syncs (client-api wires it). */
  resubmitRemote?: (id: string, body: SignedContent & { signature: SignatureEnvelope }) => Promise<void>;
}

const LOCAL_STATE: Record<OutboxItem['state'], LocalState | null> = { pending: 'waitingUpload', sending: 'sending', failed: 'uploadFailed', acked: null };

export class RequestFiling {
  constructor(private readonly d: FilingDeps) {}

  /** Requests of the unit (and its subordinates) from the replica, plus those still in the outbox. */
  list(): RequestItem[] {
    const view = this.d.view();
    const scope = view.scope();
    const staffName = (id: string) => scope.staffById.get(id)?.name ?? view.departedStaff().find((s) => s.id === id)?.name;
    const out = new Map<string, RequestItem>();
    for (const u of scope.units) {
      for (const r of this.d.store.requests.listByUnit(u.id)) out.set(r.id, this.fromReplica(r, view.unitName(u.id), staffName));
    }
    for (const state of ['pending', 'sending', 'failed', 'acked'] as const) {
      for (const item of this.d.store.outbox.listByState(state)) {
        if (out.has(item.requestId)) continue;
        const body = item.body as SignedContent;
        out.set(item.requestId, {
          id: item.requestId,
          kind: body.kind,
          unitId: body.unitId,
          unitName: view.unitName(body.unitId),
          state: 'submitted',
          localState: LOCAL_STATE[item.state],
          lastError: item.lastError,
          title: requestTitle(body.kind, body.payload, { staffName }),
          payload: body.payload,
          createdAt: body.createdAt,
          submittedAt: null,
          trail: [],
        });
      }
    }
    return [...out.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  get(id: string): RequestItem {
    const item = this.list().find((r) => r.id === id);
    if (!item) throw new ApiError('NOT_FOUND', `没有找到编号为 ${id} 的申报，可能尚未同步`);
    return item;
  }

  private fromReplica(r: AnyRequest, unitName: string, staffName: (id: string) => string | undefined): RequestItem {
    return {
      id: r.id,
      kind: r.kind,
      unitId: r.unitId,
      unitName,
      state: r.state,
      localState: null,
      lastError: null,
      title: requestTitle(r.kind, r.payload, { staffName }),
      payload: r.payload,
      createdAt: r.createdAt,
      submittedAt: r.submittedAt,
      trail: r.trail,
    };
  }

  /** Staff ids with a departure waiting (filed locally or under review): not an overdue alarm. */
  departureFiled(): Set<string> {
    const out = new Set<string>();
    for (const r of this.list()) {
      if (r.kind === 'departure' && (r.localState !== null || isAwaitingDecision(r.state))) out.add((r.payload as { staffId: string }).staffId);
    }
    return out;
  }

  checkContext(): CheckContext {
    const view = this.d.view();
    const scope = view.scope();
    const unitId = this.d.unitId();
    const slotsClaimed = new Set<string>();
    for (const r of this.list()) {
      if (r.kind === 'enrollment' && (r.localState !== null || isAwaitingDecision(r.state))) {
        const p = r.payload as EnrollmentPayload;
        slotsClaimed.add(`${p.slipNumber}#${p.slotNo}`);
      }
    }
    return {
      today: this.d.today(),
      summary: scope.summaries.get(unitId),
      slips: scope.slips.filter((s) => s.unitId === unitId),
      staff: (id) => {
        const s = scope.staffById.get(id);
        return s && s.unitId === unitId ? s : null;
      },
      idNumberInUse: (idNumber) => this.d.store.staff.listByIdNumber(idNumber).length > 0,
      slotsClaimed,
    };
  }

  check(kind: RequestKind, payload: unknown): FieldProblem[] {
    return checkPayload(kind, payload, this.checkContext());
  }

  async submit<K extends RequestKind>(kind: K, payload: PayloadByKind[K], draftId?: string): Promise<RequestItem> {
    const problems = this.check(kind, payload);
    const first = problems[0];
    if (first) throw new ApiError('VALIDATION', first.message, first.field);
    const content: SignedContent = { id: uuidv7(), kind, unitId: this.d.unitId(), payload: normalise(kind, payload, this.d.today()), createdAt: this.d.now().toISOString() };
    const signature = await this.d.sign(new TextEncoder().encode(canonicalJson(content)));
    this.d.store.transaction(() => {
      this.d.store.outbox.enqueue({ requestId: content.id, body: content, signature });
      if (draftId) this.d.store.local.deleteDraft(draftId);
    });
    return this.get(content.id);
  }

  /**
   * 修改后重新提交: a returned request, corrected, keeps its id; the new content is checked like a new
   * request, signed again and sent to POST /api/v1/requests/{id}/resubmit. It needs the server (the
   * request is the server's, not the outbox's); offline the officer is told to try again when online.
   */
  async resubmit(id: string, payload: unknown): Promise<RequestItem> {
    const item = this.get(id);
    if (item.localState !== null || item.state !== 'returned') {
      throw new ApiError('CONFLICT', `只有被退回修改的申报可以修改后重新提交；该申报当前为“${stateLabel(item)}”`);
    }
    if (item.unitId !== this.d.unitId()) throw new ApiError('CONFLICT', '只能重新提交本单位自己填报的申报');
    if (!this.d.resubmitRemote) throw new ApiError('OFFLINE', '未配置编办服务器地址：退回的申报须联网后才能重新提交');
    const problems = this.check(item.kind, payload);
    const first = problems[0];
    if (first) throw new ApiError('VALIDATION', first.message, first.field);
    const content: SignedContent = { id, kind: item.kind, unitId: item.unitId, payload: normalise(item.kind, payload as never, this.d.today()), createdAt: this.d.now().toISOString() };
    const signature = await this.d.sign(new TextEncoder().encode(canonicalJson(content)));
    await this.d.resubmitRemote(id, { ...content, signature });
    return this.get(id);
  }

  /** Cancels a request still waiting to be uploaded (待上传). One being sent, or already sent, cannot be. */
  cancel(id: string): void {
    const item = this.get(id);
    if (item.localState === null) throw new ApiError('CONFLICT', '该申报已送达编办，不能在本机取消；审核中的申报请用“撤回”');
    if (item.unitId !== this.d.unitId()) throw new ApiError('NOT_FOUND', '没有找到该申报');
    if (item.localState === 'sending') throw new ApiError('CONFLICT', '该申报正在上传，不能取消；上传完成后可撤回');
    try {
      this.d.store.outbox.cancel(id);
    } catch (e) {
      throw new ApiError('CONFLICT', e instanceof Error ? e.message : String(e));
    }
  }

  drafts(): DraftView[] {
    return this.d.store.local.listDrafts(this.d.unitId()).map(draftView);
  }

  saveDraft(kind: RequestKind, payload: unknown, id?: string): DraftView {
    if (id) {
      const existing = this.d.store.local.getDraft(id);
      if (existing && existing.unitId !== this.d.unitId()) throw new ApiError('NOT_FOUND', '没有找到该草稿');
    }
    return draftView(this.d.store.local.saveDraft({ id, kind, unitId: this.d.unitId(), payload: (payload ?? {}) as never }));
  }

  deleteDraft(id: string): void {
    const d = this.d.store.local.getDraft(id);
    if (!d || d.unitId !== this.d.unitId()) throw new ApiError('NOT_FOUND', '没有找到该草稿，可能已提交或已删除');
    this.d.store.local.deleteDraft(id);
  }
}

function stateLabel(item: RequestItem): string {
  if (item.localState === 'waitingUpload') return '待上传';
  if (item.localState === 'sending') return '上传中';
  if (item.localState === 'uploadFailed') return '上传失败';
  return REQUEST_STATE_LABELS[item.state];
}

function draftView(d: Draft): DraftView {
  return { id: d.id, kind: d.kind, unitId: d.unitId, payload: d.payload, createdAt: d.createdAt, updatedAt: d.updatedAt };
}

/** What the validators accepted in normalised form (full-width digits, lower-case x) is what gets signed. */
function normalise<K extends RequestKind>(kind: K, payload: PayloadByKind[K], today: string): PayloadByKind[K] {
  if (kind !== 'enrollment') return payload;
  const p = payload as EnrollmentPayload;
  const id = validateIdNumber(p.person.idNumber, today);
  return (id.ok ? { ...p, person: { ...p.person, idNumber: id.value.idNumber, name: p.person.name.trim() } } : p) as PayloadByKind[K];
}
