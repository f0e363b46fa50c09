/**
 * Removable-media bundles (docs/sync.md, "Removable media"). Registered from the route table.
 *   GET  /api/v1/bundles/key  any session: the bianban's bundle encryption key, signed by the CA
 *   POST /api/v1/bundles      a unit's outbox bundle, imported by its supervising department, a reviewer of
 *                             its jurisdiction or the unit itself; answers the results bundle for the unit
 */
import type { AppDeps } from '../context';
import type { RouteHandlers } from '../http/register-routes';
import { BundleError } from '../../native/bundle-crypto';
import { bundleHttpError, importBundle } from './bundle-import';
import { currentBundleKey } from './bundle-key';

export const bundleHandlers = (deps: AppDeps): RouteHandlers<'bundleKey' | 'bundleImport'> => ({
  bundleKey: async () => {
    const k = await currentBundleKey(deps);
    return { key: k.key, signature: k.signature };
  },
  bundleImport: async ({ principal, body }) => {
    try {
      return await importBundle(deps, principal, body.bundle);
    } catch (e) {
      if (e instanceof BundleError) throw bundleHttpError(e);
      throw e;
    }
  },
});
