/**
 * 台账管理 routes (reviewer-only, jurisdiction-checked, audited in ledger-service.ts), plus the one route a
 * unit uses too: downloading the scanned approval document behind one of its ledger entries. Registered
 * inside reviewerRoutes, whose session hook has already resolved the principal.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/api/auth';
import { ErrorResponse } from '../../domain/api/common';
import {
  AbolishBody,
  CreateDivisionBody,
  CreateUnitBody,
  DivisionResponse,
  EntryParams,
  LEDGER_BODY_LIMIT,
  LedgerEntryView,
  MergeBody,
  RecordLedgerBody,
  RenameBody,
  UnitChangeResponse,
  UnitParams,
} from '../../domain/api/reviewer-ledger';
import { requireUnitAccess } from '../auth/scope';
import type { AppDeps } from '../context';
import { notFound } from '../http/errors';
import { getLedgerDocument } from './ledger-repository';
import * as svc from './ledger-service';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse };

function who(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('principal missing: ledger routes registered outside the authenticated scope');
  return req.principal;
}

export const ledgerRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post<{ Params: UnitParams; Body: RecordLedgerBody }>(
    '/api/v1/reviewer/units/:id/ledger',
    { bodyLimit: LEDGER_BODY_LIMIT, schema: { params: UnitParams, body: RecordLedgerBody, response: { 200: LedgerEntryView, ...errors } } },
    async (req) => svc.recordLedger(deps, who(req), req.params.id, req.body),
  );
  app.get<{ Params: UnitParams }>('/api/v1/reviewer/units/:id/ledger', { schema: { params: UnitParams, response: { 200: Type.Array(LedgerEntryView), ...errors } } }, async (req) =>
    svc.listLedger(deps, who(req), req.params.id),
  );
  app.post<{ Body: CreateUnitBody }>('/api/v1/reviewer/units', { schema: { body: CreateUnitBody, response: { 200: UnitChangeResponse, ...errors } } }, async (req) =>
    svc.createUnit(deps, who(req), req.body),
  );
  app.post<{ Params: UnitParams; Body: RenameBody }>(
    '/api/v1/reviewer/units/:id/rename',
    { schema: { params: UnitParams, body: RenameBody, response: { 200: UnitChangeResponse, ...errors } } },
    async (req) => svc.renameUnit(deps, who(req), req.params.id, req.body),
  );
  app.post<{ Params: UnitParams; Body: MergeBody }>(
    '/api/v1/reviewer/units/:id/merge',
    { schema: { params: UnitParams, body: MergeBody, response: { 200: UnitChangeResponse, ...errors } } },
    async (req) => svc.mergeUnit(deps, who(req), req.params.id, req.body),
  );
  app.post<{ Params: UnitParams; Body: AbolishBody }>(
    '/api/v1/reviewer/units/:id/abolish',
    { schema: { params: UnitParams, body: AbolishBody, response: { 200: UnitChangeResponse, ...errors } } },
    async (req) => svc.abolishUnit(deps, who(req), req.params.id, req.body),
  );
  app.post<{ Params: UnitParams; Body: CreateDivisionBody }>(
    '/api/v1/reviewer/units/:id/divisions',
    { schema: { params: UnitParams, body: CreateDivisionBody, response: { 200: DivisionResponse, ...errors } } },
    async (req) => svc.createDivision(deps, who(req), req.params.id, req.body),
  );
  app.post<{ Params: UnitParams; Body: RenameBody }>(
    '/api/v1/reviewer/divisions/:id/rename',
    { schema: { params: UnitParams, body: RenameBody, response: { 200: DivisionResponse, ...errors } } },
    async (req) => svc.renameDivision(deps, who(req), req.params.id, req.body),
  );
  app.post<{ Params: UnitParams; Body: AbolishBody }>(
    '/api/v1/reviewer/divisions/:id/abolish',
    { schema: { params: UnitParams, body: AbolishBody, response: { 200: DivisionResponse, ...errors } } },
    async (req) => svc.abolishDivision(deps, who(req), req.params.id, req.body),
  );

  // The unit itself, its supervising department and the jurisdiction's reviewers may read the scan.
  app.get<{ Params: EntryParams }>('/api/v1/ledger/:id/document', { schema: { params: EntryParams, response: errors } }, async (req, reply) => {
    const doc = await getLedgerDocument(deps.db, req.params.id);
    if (!doc) throw notFound('该台账记录没有附批准文件扫描件');
    await requireUnitAccess(deps.db, who(req), doc.unitId);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
      .header('x-content-sha256', doc.sha256)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(doc.bytes);
  });
};
