/**
 * Removable-media bundles (docs/sync.md, "Removable media"). Registered inside apiRoutes, so the session
 * hook has already resolved the principal.
 *   GET  /api/v1/bundles/key  any session: the bianban's bundle encryption key, signed by the CA
 *   POST /api/v1/bundles      a unit's outbox bundle, imported by its supervising department, a reviewer of
 *                             its jurisdiction or the unit itself; answers the results bundle for the unit
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/api/auth';
import { BUNDLE_MAX_BYTES, CertifiedBundleKey, ImportBundleBody, ImportBundleResponse } from '../../domain/api/bundle';
import { ErrorResponse } from '../../domain/api/common';
import type { AppDeps } from '../context';
import { BundleError } from '../../native/bundle-crypto';
import { bundleHttpError, importBundle } from './bundle-import';
import { currentBundleKey } from './bundle-key';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse };

function who(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('principal missing: bundle routes registered outside the authenticated scope');
  return req.principal;
}

export const bundleRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/api/v1/bundles/key', { schema: { response: { 200: CertifiedBundleKey, ...errors } } }, async () => {
    const k = await currentBundleKey(deps);
    return { key: k.key, signature: k.signature };
  });

  app.post<{ Body: ImportBundleBody }>(
    '/api/v1/bundles',
    // The bundle is JSON text inside JSON: room for the escaping on top of the bundle's own limit.
    { bodyLimit: BUNDLE_MAX_BYTES + 64 * 1024, schema: { body: ImportBundleBody, response: { 200: ImportBundleResponse, ...errors } } },
    async (req) => {
      try {
        return await importBundle(deps, who(req), req.body.bundle);
      } catch (e) {
        if (e instanceof BundleError) throw bundleHttpError(e);
        throw e;
      }
    },
  );
};
