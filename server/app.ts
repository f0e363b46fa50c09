/**
 * The bianban server as a Fastify plugin (routes, error mapping) plus `createApp`, which makes the
 * Fastify instance with HTTPS, body limit and logger. The process entry (main.ts) owns listening,
 * signals and the scheduled jobs; tests build the app and call it with `inject`.
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { AppDeps } from './context';
import { handleError, handleFrameworkError, handleNotFound } from './http/error-handler';
import { refuseUnstorableText } from './http/input-guard';
import type { RouteName } from '../domain/api/routes';
import { bundleHandlers } from './bundles/bundle-routes';
import { rateLimit } from './http/rate-limit';
import { registerRoutes } from './http/register-routes';
import { photoHandlers, photoScope } from './photos/photo-routes';
import { ledgerHandlers } from './reviewer/ledger-routes';
import { reviewerHandlers } from './reviewer/reviewer-routes';
import { apiHandlers } from './routes/api-routes';
import { authHandlers } from './routes/auth-routes';
import { publicHandlers } from './routes/public-routes';

export const bianbanApp: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  // NUL and lone surrogates in any path parameter, query or JSON body: a 400 naming the field, for every route.
  app.addHook('preValidation', refuseUnstorableText);

  // Every route of the table, registered from it; the handler maps together must cover the table.
  const handlers = { ...publicHandlers(deps), ...authHandlers(deps), ...apiHandlers(deps), ...bundleHandlers(deps), ...reviewerHandlers(deps), ...ledgerHandlers(deps) };
  const { photoPut, photoGet } = photoHandlers(deps);
  // Compile-time check that the handler maps cover the whole table.
  const all: Record<RouteName, unknown> = { ...handlers, photoPut, photoGet };
  void all;
  const { challengeRateLimit: challenge, personLookupRateLimit: lookup } = deps.config;
  registerRoutes(app, deps, handlers, {
    preHandlers: {
      verifyForm: rateLimit({ ...deps.config.verifyRateLimit, message: '核验查询过于频繁，请 {s} 秒后再试' }),
      authChallenge: rateLimit({ ...challenge, message: '登录请求过于频繁，请 {s} 秒后再试；如反复出现请联系编办' }),
      // Per certificate: one reviewer cannot sweep the province's records by ID number.
      reviewerPerson: rateLimit({
        ...lookup,
        key: (req) => req.principal?.certSerial ?? req.ip,
        message: `按身份证号查询过于频繁（每分钟最多 ${lookup.max} 次），请 {s} 秒后再试`,
      }),
    },
  });
  await app.register(async (scope) => {
    photoScope(scope);
    registerRoutes(scope, deps, { photoPut, photoGet });
  });
};

export interface CreateAppOptions {
  https?: { key: string | Buffer; cert: string | Buffer };
  logger?: Logger | false;
}

export async function createApp(deps: AppDeps, o: CreateAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(o.https ? { https: o.https } : {}),
    ...(o.logger ? { loggerInstance: o.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimit,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    // Router errors (a URL that does not decode) in the one error shape, like every other error.
    frameworkErrors: handleFrameworkError,
  }) as unknown as FastifyInstance;
  // Errors raised outside the plugin's scope (before routing) get the same shape.
  app.setErrorHandler(handleError);
  await app.register(bianbanApp, { deps });
  return app;
}
