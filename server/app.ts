/**
 * The bianban server as a Fastify plugin (routes, error mapping) plus `createApp`, which makes the
 * Fastify instance with HTTPS, body limit and logger. The process entry (main.ts) owns listening,
 * signals and the scheduled jobs; tests build the app and call it with `inject`.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { AppDeps } from './context';
import { HttpError } from './http/errors';
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
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
    }
    if (err.validation) {
      const v = err.validation[0];
      const where = v?.instancePath ? `字段 ${v.instancePath.replace(/^\//, '').replace(/\//g, '.')}` : err.validationContext === 'body' ? '请求内容' : '请求参数';
      return reply.code(400).send({ error: { code: 'VALIDATION', message: `请求格式不正确：${where} ${v?.message ?? ''}`.trim(), field: v?.instancePath || undefined } });
    }
    const code = err.code ?? '';
    if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.name === 'SyntaxError') {
      return reply.code(400).send({ error: { code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON，请检查客户端版本' } });
    }
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'BODY_TOO_LARGE', message: '请求内容过大：请分批提交（每批不超过 100 条申报）' } });
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求内容类型不受支持，应为 application/json' } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: code || 'BAD_REQUEST', message: `请求无效：${err.message}` } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试；如持续出现请联系编办' } });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: `没有这个接口：${req.method} ${req.url.split('?')[0]}` } }));

  // Every route of the table, registered from it; the handler maps together must cover the table.
  const handlers = { ...publicHandlers(deps), ...authHandlers(deps), ...apiHandlers(deps), ...bundleHandlers(deps), ...reviewerHandlers(deps), ...ledgerHandlers(deps) };
  const { photoPut, photoGet } = photoHandlers(deps);
  // Compile-time check that the handler maps cover the whole table.
  const all: Record<RouteName, unknown> = { ...handlers, photoPut, photoGet };
  void all;
  registerRoutes(app, deps, handlers, { preHandlers: { verifyForm: rateLimit(deps.config.verifyRateLimit) } });
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
  }) as unknown as FastifyInstance;
  await app.register(bianbanApp, { deps });
  return app;
}
