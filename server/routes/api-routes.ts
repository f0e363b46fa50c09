/** The unit's and the reviewer's core routes: sync, requests and decisions, figures, forms, numbering, CA. */
import { negotiateSyncProtocol } from '../../domain/api/sync';
import { ledgerSummary } from '../../domain/ledger';
import { findCertificate } from '../auth/certificate-repository';
import { jurisdiction, requireBianbanAccess, requireUnitAccess } from '../auth/scope';
import { Journal } from '../audit/journal';
import { certificateView, issueCertificate, revoke } from '../ca/certificate-service';
import { todayOf, type AppDeps } from '../context';
import { checkPatternChanges, patternOverrides, patternsView, setPatterns } from '../forms/pattern-repository';
import { badRequest, forbidden, HttpError, notFound } from '../http/errors';
import type { RouteHandlers } from '../http/register-routes';
import { findIssuedForm } from '../repositories/form-lookup-repository';
import { ledgerInput } from '../repositories/record-repository';
import { findRequest, queue, toView } from '../repositories/request-repository';
import { pull } from '../sync/pull';
import { decide } from '../workflow/decide';
import { pushRequests } from '../workflow/push';
import { resubmit, withdraw } from '../workflow/unit-actions';

type ApiRoute =
  | 'me'
  | 'syncPush'
  | 'syncPull'
  | 'reviewQueue'
  | 'requestGet'
  | 'requestDecision'
  | 'requestWithdraw'
  | 'requestResubmit'
  | 'unitSummary'
  | 'formGet'
  | 'formNumberPatternsGet'
  | 'formNumberPatternsSet'
  | 'caIssue'
  | 'caRevoke';

/** A client speaking a sync protocol this server does not: 400 saying which side to update. */
function requireSyncProtocol(version: number | undefined): void {
  const v = negotiateSyncProtocol(version);
  if (!v.ok) throw new HttpError(400, v.code, v.message, 'protocolVersion');
}

export const apiHandlers = (deps: AppDeps): RouteHandlers<ApiRoute> => ({
  me: async ({ principal }) => principal,

  syncPush: async ({ principal, body }) => {
    requireSyncProtocol(body.protocolVersion);
    return { results: await pushRequests(deps, principal, body.requests) };
  },

  syncPull: async ({ principal, query }) => {
    requireSyncProtocol(query.protocolVersion);
    return pull(deps, principal, query.after, query.limit ?? deps.config.pullPageSize);
  },

  reviewQueue: async ({ principal: p, query: q }) => {
    const base = { kind: q.kind, unitId: q.unitId, limit: q.limit ?? 50, offset: q.offset ?? 0 };
    let r;
    if (p.role === 'reviewer' && p.bianbanId) {
      r = await queue(deps.db, { ...base, states: [q.state ?? 'bianbanReview'], bianbanIds: await jurisdiction(deps.db, p.bianbanId) });
    } else if (p.role === 'unit' && p.unitId) {
      if (q.state === 'bianbanReview') throw forbidden('单位只能查看待主管部门审核的申报');
      r = await queue(deps.db, { ...base, states: ['supervisorReview'], supervisorUnitId: p.unitId });
    } else throw forbidden('无审核权限');
    return { total: r.total, countsByKind: r.countsByKind, items: r.items.map(toView) };
  },

  requestGet: async ({ principal, params }) => {
    const r = await findRequest(deps.db, params.id);
    if (!r) throw notFound(`业务申报不存在：${params.id}`);
    await requireUnitAccess(deps.db, principal, r.unitId);
    return toView(r);
  },
  requestDecision: async ({ principal, params, body }) => ({ request: await decide(deps, principal, params.id, body) }),
  requestWithdraw: async ({ principal, params, body }) => ({ request: await withdraw(deps, principal, params.id, body) }),
  requestResubmit: async ({ principal, params, body }) => ({ request: await resubmit(deps, principal, params.id, body) }),

  unitSummary: async ({ principal, params }) => {
    await requireUnitAccess(deps.db, principal, params.id);
    return ledgerSummary({ ...(await ledgerInput(deps.db, params.id)), today: todayOf(deps.now()) });
  },

  formGet: async ({ principal, params }) => {
    const f = await findIssuedForm(deps.db, params.number);
    if (!f) throw notFound(`表单不存在：${params.number}`);
    await requireUnitAccess(deps.db, principal, f.unitId);
    return { number: f.number, kind: f.kind, content: f.content, digest: f.digest, seal: f.seal, issuedAt: f.issuedAt };
  },

  formNumberPatternsGet: async ({ principal, params }) => {
    await requireBianbanAccess(deps.db, principal, params.id);
    return patternsView(params.id, await patternOverrides(deps.db, params.id));
  },
  // Only the bianban's own reviewers set its numbering: a superior bianban does not number its forms.
  formNumberPatternsSet: async ({ principal: p, params, body }) => {
    if (p.bianbanId !== params.id) throw forbidden('只有本编办的审核人员可以设置本编办的表单编号格式');
    return deps.db.transaction(async (tx) => {
      const bad = checkPatternChanges(await patternOverrides(tx, params.id), body.patterns);
      if (bad) throw badRequest(bad.message, `patterns.${bad.kind}`);
      return setPatterns(tx, new Journal(tx, deps.now), { bianbanId: params.id, changes: body.patterns, actor: p.certSerial, at: deps.now().toISOString() });
    });
  },

  caIssue: async ({ principal: p, body }) => {
    if (body.role === 'unit') await requireUnitAccess(deps.db, p, body.unitId ?? '');
    else await requireBianbanAccess(deps.db, p, body.bianbanId ?? '');
    return certificateView(await issueCertificate(deps, p.certSerial, body));
  },
  caRevoke: async ({ principal: p, params, body }) => {
    const c = await findCertificate(deps.db, params.serial);
    if (!c) throw notFound(`证书不存在：${params.serial}`);
    if (c.unitId) await requireUnitAccess(deps.db, p, c.unitId);
    else if (c.bianbanId) await requireBianbanAccess(deps.db, p, c.bianbanId);
    else throw forbidden('该证书不能通过接口吊销');
    return certificateView(await revoke(deps, p.certSerial, params.serial, body.reason));
  },
});
