/** Routes anyone may call: health, the public verification of a printed form, the CA certificate and CRL. */
import { revokedCertificates } from '../auth/certificate-repository';
import type { AppDeps } from '../context';
import { verifyForm } from '../forms/verify';
import type { RouteHandlers } from '../http/register-routes';
import { pingDatabase } from '../repositories/public-repository';

export const publicHandlers = (deps: AppDeps): RouteHandlers<'health' | 'verifyForm' | 'caCertificate' | 'caCrl'> => ({
  health: async () => {
    await pingDatabase(deps.db);
    return { status: 'ok' as const, database: deps.db.kind, time: deps.now().toISOString() };
  },
  verifyForm: async ({ params, query }) => verifyForm(deps, params.number, query.digest),
  // Clients pin this certificate; it is also the trust anchor for offline verification of seals.
  caCertificate: async ({ reply }) => reply.type('application/x-pem-file').send(deps.ca.pem),
  caCrl: async ({ query, reply }) => {
    const crl = await deps.ca.crl((await revokedCertificates(deps.db)).map((r) => ({ serial: r.serial, revokedAt: new Date(r.revokedAt) })));
    if ((query.format ?? 'pem') === 'der') return reply.type('application/pkix-crl').send(Buffer.from(crl.rawData));
    // RFC 7468 label; the library writes a bare "CRL".
    return reply.type('application/x-pem-file').send(crl.toString('pem').replace(/-----(BEGIN|END) CRL-----/g, '-----$1 X509 CRL-----'));
  },
});
