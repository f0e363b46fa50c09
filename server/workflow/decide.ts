/**
 * Decisions on a request: the supervising department first (for subordinate institutions), then the
 * bianban. Approval applies the request inside the same transaction, which locks the request row and
 * then the unit row: concurrent approvals for one unit run one after another and each re-reads the
 * ledger, so vacancies and leader quotas can never be overspent.
 */
import { actorOf, decisionEvent, transition, RequestTransitionError } from '../../domain/request-state';
import { Journal } from '../audit/journal';
import { jurisdiction } from '../repositories/scope-repository';
import type { AppDeps } from '../context';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { findRequest, toReplica, toView, updateRequestState } from '../repositories/request-repository';
import type { Principal } from '../../domain/api/auth';
import type { DecisionBody, RequestView } from '../../domain/api/requests';
import { applyApproved } from './apply';

export async function decide(d: AppDeps, p: Principal, requestId: string, body: DecisionBody): Promise<RequestView> {
  return d.db.transaction(async (tx) => {
    const r = await findRequest(tx, requestId, true);
    if (!r) throw notFound(`业务申报不存在：${requestId}`);
    const event = decisionEvent(r.state, body.outcome, body.comment);
    if (!event) throw conflict(`该申报当前状态不在审核中，不能再作审核决定`);
    if (actorOf(event.type, r.state) === 'supervisor') {
      if (p.role !== 'unit' || p.unitId !== r.supervisorUnitId) throw forbidden('该申报正在主管部门审核，只有其主管部门可以办理');
    } else if (p.role !== 'reviewer' || !p.bianbanId || !(await jurisdiction(tx, p.bianbanId)).includes(r.bianbanId)) {
      throw forbidden('该申报不在您的审核范围内：只有申报单位所属编办及其上级编办的审核人员可以办理');
    }
    let next;
    try {
      next = transition(r.state, event);
    } catch (e) {
      if (e instanceof RequestTransitionError) throw conflict(e.message);
      throw badRequest(e instanceof Error ? e.message : String(e), 'comment');
    }
    const j = new Journal(tx, d.now);
    const now = d.now();
    if (event.type === 'approve') r.result = await applyApproved(d, tx, j, r, p, body.comment, now);
    const from = r.state;
    r.state = next;
    r.trail = [...r.trail, { at: now.toISOString(), event: event.type, from, to: next, actor: p.certSerial, actorName: p.holderName, comment: body.comment }];
    await updateRequestState(tx, r, now.toISOString());
    await j.audit({ actor: p.certSerial, action: `request.${event.type}`, entity: 'request', entityId: r.id, before: { state: from }, after: { state: next, result: r.result }, detail: { comment: body.comment } });
    await j.change({ entity: 'request', id: r.id, unitId: r.unitId, bianbanId: r.bianbanId, data: toReplica(r) });
    return toView(r);
  });
}
