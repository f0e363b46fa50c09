/**
 * Routes only the reviewer workspace needs: the certificates issued in the reviewer's jurisdiction (for
 * 证书管理 and its expiry warnings) and a person's records by ID number across the province (一人一编 is
 * province-wide, so a reviewer deciding an enrollment must see them all, not just his jurisdiction).
 * Reviewer-only; own plugin with its own session hook, registered next to the API routes.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { authenticate } from '../auth/auth-service';
import { jurisdiction, requireReviewer } from '../auth/scope';
import type { AppDeps } from '../context';
import { ErrorResponse } from '../../domain/api/common';
import { ledgerRoutes } from './ledger-routes';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

const CertificateRow = Type.Object({
  serial: Type.String(),
  role: Type.String(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  unitName: Type.String(),
  bianbanId: Type.Union([Type.String(), Type.Null()]),
  holderName: Type.String(),
  notAfter: Type.String(),
  issuedAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

const PersonRecord = Type.Object({ unitId: Type.String(), unitName: Type.String(), name: Type.String(), departedOn: Type.Union([Type.String(), Type.Null()]) });

export const reviewerRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.addHook('onRequest', async (req) => {
    req.principal = await authenticate(deps, req.headers.authorization);
  });
  await app.register(ledgerRoutes, { deps });

  app.get('/api/v1/reviewer/certificates', { schema: { response: { 200: Type.Array(CertificateRow), ...errors } } }, async (req) => {
    const p = req.principal!;
    requireReviewer(p);
    const bianbans = await jurisdiction(deps.db, p.bianbanId);
    const r = await deps.db.query<{ serial: string; role: string; unit_id: string | null; unit_name: string | null; bianban_id: string | null; holder_name: string; not_after: string; issued_at: string; revoked_at: string | null }>(
      `SELECT c.serial, c.role, c.unit_id, u.name AS unit_name, c.bianban_id, c.holder_name, c.not_after, c.issued_at, c.revoked_at
         FROM certificates c LEFT JOIN units u ON u.id = c.unit_id
        WHERE c.role IN ('unit', 'reviewer') AND (u.bianban_id = ANY($1::text[]) OR c.bianban_id = ANY($1::text[]))
        ORDER BY c.issued_at DESC LIMIT 5000`,
      [bianbans],
    );
    return r.rows.map((c) => ({
      serial: c.serial,
      role: c.role,
      unitId: c.unit_id,
      unitName: c.unit_name ?? '',
      bianbanId: c.bianban_id,
      holderName: c.holder_name,
      notAfter: new Date(c.not_after).toISOString(),
      issuedAt: new Date(c.issued_at).toISOString(),
      revokedAt: c.revoked_at ? new Date(c.revoked_at).toISOString() : null,
    }));
  });

  app.get<{ Params: { idNumber: string } }>(
    '/api/v1/reviewer/people/:idNumber',
    { schema: { params: Type.Object({ idNumber: Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' }) }), response: { 200: Type.Array(PersonRecord), ...errors } } },
    async (req) => {
      requireReviewer(req.principal!);
      const r = await deps.db.query<{ unit_id: string; unit_name: string; name: string; departed_on: string | null }>(
        `SELECT s.unit_id, u.name AS unit_name, s.data->>'name' AS name, s.departed_on FROM staff s JOIN units u ON u.id = s.unit_id
          WHERE s.id_number = $1 ORDER BY s.departed_on NULLS FIRST LIMIT 50`,
        [req.params.idNumber.toUpperCase()],
      );
      return r.rows.map((x) => ({ unitId: x.unit_id, unitName: x.unit_name, name: x.name ?? '', departedOn: x.departed_on }));
    },
  );
};
