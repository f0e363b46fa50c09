/**
 * What a unit may do with its own request after filing it: withdraw it before a decision (撤回), and
 * revise a returned one and submit it again (修改后重新提交). Both go through the domain state machine,
 * are audited and appear in the change log, so the unit's replica and the reviewer's queue follow.
 */
import { canonicalJson } from '../../domain/crypto/canonical-json';
import { RequestTransitionError, transition } from '../../domain/request-state';
import type { RequestEvent, RequestState, TrailEntry } from '../../domain/requests';
import type { Principal } from '../../domain/api/auth';
import type { RequestView, ResubmitBody, WithdrawBody } from '../../domain/api/requests';
import { Journal } from '../audit/journal';
import { sha256Hex } from '../audit/hash';
import { todayOf } from '../../domain/validation/calendar';
import type { AppDeps } from '../context';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { findRequest, toReplica, toView, updateRequestContent, updateRequestState, type StoredRequest } from '../repositories/request-repository';
import { checkRequestSignature, precheck, signedContent } from './push';

function step(state: RequestState, event: RequestEvent): RequestState {
  try {
    return transition(state, event);
  } catch (e) {
    if (e instanceof RequestTransitionError) throw conflict(e.message);
    throw badRequest(e instanceof Error ? e.message : String(e));
  }
}

function requireOwnUnit(p: Principal, r: StoredRequest, what: string): void {
  if (p.role !== 'unit' || p.unitId !== r.unitId) throw forbidden(`只有提交该申报的单位可以${what}`);
}

export async function withdraw(d: AppDeps, p: Principal, requestId: string, body: WithdrawBody): Promise<RequestView> {
  return d.db.transaction(async (tx) => {
    const r = await findRequest(tx, requestId, true);
    if (!r) throw notFound(`业务申报不存在：${requestId}`);
    requireOwnUnit(p, r, '撤回');
    const from = r.state;
    const next = step(from, { type: 'withdraw' });
    const now = d.now();
    r.state = next;
    r.trail = [...r.trail, { at: now.toISOString(), event: 'withdraw', from, to: next, actor: p.certSerial, actorName: p.holderName, comment: body.reason }];
    await updateRequestState(tx, r, now.toISOString());
    const j = new Journal(tx, d.now);
    await j.audit({ actor: p.certSerial, action: 'request.withdraw', entity: 'request', entityId: r.id, before: { state: from }, after: { state: next }, detail: { reason: body.reason } });
    await j.change({ entity: 'request', id: r.id, unitId: r.unitId, bianbanId: r.bianbanId, data: toReplica(r) });
    return toView(r);
  });
}

export async function resubmit(d: AppDeps, p: Principal, requestId: string, item: ResubmitBody): Promise<RequestView> {
  if (item.id !== requestId) throw badRequest(`重新提交的申报编号 ${item.id} 与地址中的 ${requestId} 不一致`, 'id');
  const existing = await findRequest(d.db, requestId);
  if (!existing) throw notFound(`业务申报不存在：${requestId}`);
  requireOwnUnit(p, existing, '修改后重新提交');
  if (item.unitId !== existing.unitId || item.kind !== existing.kind) {
    throw badRequest('重新提交时不能改变申报的单位或业务类型；如需办理其他业务，请新建申报', 'kind');
  }
  // Cheap checks outside the transaction; the state is checked again under the row lock.
  if (existing.state !== 'returned') step(existing.state, { type: 'revise' });
  const binding = await checkRequestSignature(d, item);
  await precheck(d.db, item, todayOf(d.now()));
  const content = signedContent(item);
  const digest = sha256Hex(canonicalJson(content));
  return d.db.transaction(async (tx) => {
    const r = await findRequest(tx, requestId, true);
    if (!r) throw notFound(`业务申报不存在：${requestId}`);
    const at = d.now().toISOString();
    const trail: TrailEntry[] = [];
    const go = (event: RequestEvent, actor: string, actorName: string) => {
      const from = r.state;
      r.state = step(from, event);
      trail.push({ at, event: event.type, from, to: r.state, actor, actorName, comment: '' });
    };
    const before = { state: r.state, contentDigest: r.contentDigest };
    go({ type: 'revise' }, binding.serial, binding.holderName);
    go({ type: 'submit' }, binding.serial, binding.holderName);
    go({ type: 'accept', hasSupervisor: r.supervisorUnitId !== null }, 'server', '系统');
    Object.assign(r, { content, contentDigest: digest, signature: item.signature, submittedBy: binding.serial, submittedAt: at, createdAt: item.createdAt, trail: [...r.trail, ...trail] });
    await updateRequestContent(tx, r, at);
    await updateRequestState(tx, r, at);
    const j = new Journal(tx, d.now);
    await j.audit({
      actor: binding.serial,
      action: 'request.resubmit',
      entity: 'request',
      entityId: r.id,
      before,
      after: content,
      signature: item.signature,
      detail: { state: r.state, contentDigest: digest },
    });
    await j.change({ entity: 'request', id: r.id, unitId: r.unitId, bianbanId: r.bianbanId, data: toReplica(r) });
    return toView(r);
  });
}
