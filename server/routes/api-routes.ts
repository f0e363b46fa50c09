/** Every route here needs a session; the hook resolves the principal (and re-checks revocation) first. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { FormKind } from '../../domain/forms';
import { ledgerSummary } from '../../domain/ledger';
import { authenticate } from '../auth/auth-service';
import { findCertificate } from '../auth/certificate-repository';
import { jurisdiction, requireBianbanAccess, requireReviewer, requireUnitAccess } from '../auth/scope';
import { certificateView, issueCertificate, revoke } from '../ca/certificate-service';
import { todayOf, type AppDeps } from '../context';
import { badRequest, forbidden, notFound } from '../http/errors';
import { ledgerInput } from '../repositories/record-repository';
import { findRequest, queue, toView } from '../repositories/request-repository';
import { PrincipalSchema, type Principal } from '../../domain/api/auth';
import { CertificateView, IssueCertificateBody, RevokeBody } from '../../domain/api/ca';
import { ErrorResponse, Id, Uuid } from '../../domain/api/common';
import { FormNumberPatternsView, FormView, SetFormNumberPatternsBody } from '../../domain/api/forms';
import { DecisionBody, DecisionResponse, PushBody, PushResponse, QueueQuery, QueueResponse, RequestView, ResubmitBody, WithdrawBody } from '../../domain/api/requests';
import { PullQuery, PullResponse } from '../../domain/api/sync';
import { pull } from '../sync/pull';
import { decide } from '../workflow/decide';
import { pushRequests } from '../workflow/push';
import { Journal } from '../audit/journal';
import { checkPatternChanges, patternOverrides, patternsView, setPatterns } from '../forms/pattern-repository';
import { resubmit, withdraw } from '../workflow/unit-actions';
import { photoRoutes } from '../photos/photo-routes';
import { bundleRoutes } from '../bundles/bundle-routes';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse };

function who(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('principal missing: route registered outside the authenticated scope');
  return req.principal;
}

export const apiRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.addHook('onRequest', async (req) => {
    req.principal = await authenticate(deps, req.headers.authorization);
  });

  await app.register(photoRoutes, { deps });
  await app.register(bundleRoutes, { deps });

  app.get('/api/v1/me', { schema: { response: { 200: PrincipalSchema, ...errors } } }, async (req) => who(req));

  app.post<{ Body: PushBody }>('/api/v1/sync/push', { schema: { body: PushBody, response: { 200: PushResponse, ...errors } } }, async (req) => ({
    results: await pushRequests(deps, who(req), req.body.requests),
  }));

  app.get<{ Querystring: PullQuery }>('/api/v1/sync/pull', { schema: { querystring: PullQuery, response: { 200: PullResponse, ...errors } } }, async (req) =>
    pull(deps, who(req), req.query.after, req.query.limit ?? deps.config.pullPageSize),
  );

  app.get<{ Querystring: QueueQuery }>('/api/v1/review/queue', { schema: { querystring: QueueQuery, response: { 200: QueueResponse, ...errors } } }, async (req) => {
    const p = who(req);
    const q = req.query;
    const base = { kind: q.kind, unitId: q.unitId, limit: q.limit ?? 50, offset: q.offset ?? 0 };
    let r;
    if (p.role === 'reviewer' && p.bianbanId) {
      r = await queue(deps.db, { ...base, states: [q.state ?? 'bianbanReview'], bianbanIds: await jurisdiction(deps.db, p.bianbanId) });
    } else if (p.role === 'unit' && p.unitId) {
      if (q.state === 'bianbanReview') throw forbidden('单位只能查看待主管部门审核的申报');
      r = await queue(deps.db, { ...base, states: ['supervisorReview'], supervisorUnitId: p.unitId });
    } else throw forbidden('无审核权限');
    return { total: r.total, countsByKind: r.countsByKind, items: r.items.map(toView) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/requests/:id', { schema: { params: Type.Object({ id: Uuid }), response: { 200: RequestView, ...errors } } }, async (req) => {
    const r = await findRequest(deps.db, req.params.id);
    if (!r) throw notFound(`业务申报不存在：${req.params.id}`);
    await requireUnitAccess(deps.db, who(req), r.unitId);
    return toView(r);
  });

  app.post<{ Params: { id: string }; Body: DecisionBody }>(
    '/api/v1/requests/:id/decision',
    { schema: { params: Type.Object({ id: Uuid }), body: DecisionBody, response: { 200: DecisionResponse, ...errors } } },
    async (req) => ({ request: await decide(deps, who(req), req.params.id, req.body) }),
  );

  app.post<{ Params: { id: string }; Body: WithdrawBody }>(
    '/api/v1/requests/:id/withdraw',
    { schema: { params: Type.Object({ id: Uuid }), body: WithdrawBody, response: { 200: DecisionResponse, ...errors } } },
    async (req) => ({ request: await withdraw(deps, who(req), req.params.id, req.body) }),
  );

  app.post<{ Params: { id: string }; Body: ResubmitBody }>(
    '/api/v1/requests/:id/resubmit',
    { schema: { params: Type.Object({ id: Uuid }), body: ResubmitBody, response: { 200: DecisionResponse, ...errors } } },
    async (req) => ({ request: await resubmit(deps, who(req), req.params.id, req.body) }),
  );

  app.get<{ Params: { id: string } }>('/api/v1/units/:id/summary', { schema: { params: Type.Object({ id: Id }), response: { ...errors } } }, async (req) => {
    await requireUnitAccess(deps.db, who(req), req.params.id);
    return ledgerSummary({ ...(await ledgerInput(deps.db, req.params.id)), today: todayOf(deps.now()) });
  });

  app.get<{ Params: { number: string } }>(
    '/api/v1/forms/:number',
    { schema: { params: Type.Object({ number: Type.String({ maxLength: 64 }) }), response: { 200: FormView, ...errors } } },
    async (req) => {
      const r = await deps.db.query<{ number: string; kind: FormKind; unit_id: string; content: unknown; digest: string; seal: SignatureEnvelope; issued_at: string }>(
        'SELECT number, kind, unit_id, content, digest, seal, issued_at FROM forms WHERE number = $1',
        [req.params.number],
      );
      const f = r.rows[0];
      if (!f) throw notFound(`表单不存在：${req.params.number}`);
      await requireUnitAccess(deps.db, who(req), f.unit_id);
      return { number: f.number, kind: f.kind, content: f.content, digest: f.digest, seal: f.seal, issuedAt: f.issued_at };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/bianbans/:id/form-number-patterns',
    { schema: { params: Type.Object({ id: Id }), response: { 200: FormNumberPatternsView, ...errors } } },
    async (req) => {
      const p = who(req);
      await requireBianbanAccess(deps.db, p, req.params.id);
      return patternsView(req.params.id, await patternOverrides(deps.db, req.params.id));
    },
  );

  // Only the bianban's own reviewers set its numbering: a superior bianban does not number its forms.
  app.put<{ Params: { id: string }; Body: SetFormNumberPatternsBody }>(
    '/api/v1/bianbans/:id/form-number-patterns',
    { schema: { params: Type.Object({ id: Id }), body: SetFormNumberPatternsBody, response: { 200: FormNumberPatternsView, ...errors } } },
    async (req) => {
      const p = who(req);
      requireReviewer(p);
      if (p.bianbanId !== req.params.id) throw forbidden('只有本编办的审核人员可以设置本编办的表单编号格式');
      return deps.db.transaction(async (tx) => {
        const bad = checkPatternChanges(await patternOverrides(tx, req.params.id), req.body.patterns);
        if (bad) throw badRequest(bad.message, `patterns.${bad.kind}`);
        return setPatterns(tx, new Journal(tx, deps.now), { bianbanId: req.params.id, changes: req.body.patterns, actor: p.certSerial, at: deps.now().toISOString() });
      });
    },
  );

  app.post<{ Body: IssueCertificateBody }>(
    '/api/v1/ca/certificates',
    { schema: { body: IssueCertificateBody, response: { 200: CertificateView, ...errors } } },
    async (req) => {
      const p = who(req);
      requireReviewer(p);
      if (req.body.role === 'unit') await requireUnitAccess(deps.db, p, req.body.unitId ?? '');
      else await requireBianbanAccess(deps.db, p, req.body.bianbanId ?? '');
      return certificateView(await issueCertificate(deps, p.certSerial, req.body));
    },
  );

  app.post<{ Params: { serial: string }; Body: Static<typeof RevokeBody> }>(
    '/api/v1/ca/certificates/:serial/revoke',
    { schema: { params: Type.Object({ serial: Type.String({ pattern: '^[0-9a-f]{1,64}$' }) }), body: RevokeBody, response: { 200: CertificateView, ...errors } } },
    async (req) => {
      const p = who(req);
      requireReviewer(p);
      const c = await findCertificate(deps.db, req.params.serial);
      if (!c) throw notFound(`证书不存在：${req.params.serial}`);
      if (c.unitId) await requireUnitAccess(deps.db, p, c.unitId);
      else if (c.bianbanId) await requireBianbanAccess(deps.db, p, c.bianbanId);
      else throw forbidden('该证书不能通过接口吊销');
      return certificateView(await revoke(deps, p.certSerial, req.params.serial, req.body.reason));
    },
  );
};
