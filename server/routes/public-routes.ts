import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { revokedCertificates } from '../auth/certificate-repository';
import type { AppDeps } from '../context';
import { verifyForm } from '../forms/verify';
import { rateLimit } from '../http/rate-limit';
import { ErrorResponse, HealthResponse } from '../../domain/api/common';
import { VerifyParams, VerifyQuery, VerifyResponse } from '../../domain/api/forms';

export const publicRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/healthz', { schema: { response: { 200: HealthResponse } } }, async () => {
    await deps.db.query('SELECT 1');
    return { status: 'ok' as const, database: deps.db.kind, time: deps.now().toISOString() };
  });

  const limited = rateLimit(deps.config.verifyRateLimit);
  app.get<{ Params: Static<typeof VerifyParams>; Querystring: Static<typeof VerifyQuery> }>(
    '/verify/:number',
    { schema: { params: VerifyParams, querystring: VerifyQuery, response: { 200: VerifyResponse, 404: ErrorResponse } }, preHandler: limited },
    async (req) => verifyForm(deps, req.params.number, req.query.digest),
  );

  // Clients pin this certificate; it is also the trust anchor for offline verification of seals.
  app.get('/ca/certificate', async (_req, reply) => reply.type('application/x-pem-file').send(deps.ca.pem));
  app.get('/ca/crl', { schema: { querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('pem'), Type.Literal('der')])) }) } }, async (req, reply) => {
    const crl = await deps.ca.crl((await revokedCertificates(deps.db)).map((r) => ({ serial: r.serial, revokedAt: new Date(r.revokedAt) })));
    const format = (req.query as { format?: string }).format ?? 'pem';
    if (format === 'der') return reply.type('application/pkix-crl').send(Buffer.from(crl.rawData));
    // RFC 7468 label; the library writes a bare "CRL".
    return reply.type('application/x-pem-file').send(crl.toString('pem').replace(/-----(BEGIN|END) CRL-----/g, '-----$1 X509 CRL-----'));
  });
};
