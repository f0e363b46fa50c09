/**
 * Registers the server's routes from the route table (domain/api/routes.ts) with the TypeBox type
 * provider: the table gives each route its method, path, schemas and who may call; the handler maps of
 * the areas give what it does, typed from the same table. Access by role is enforced here, in one place:
 * no session → 401 (before anything else, as the session hook always did), a key of another role → 403
 * with the table's Chinese message (after validation, where the handlers used to check it). Scope checks
 * (own unit, supervising department, jurisdiction) stay in the handlers.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Principal } from '../../domain/api/auth';
import { ErrorResponse } from '../../domain/api/common';
import { ROUTES, refusalOf, type BytesBody, type RouteName, type RouteParams, type RouteQuery, type RouteSpec, type Routes } from '../../domain/api/routes';
import { authenticate } from '../auth/auth-service';
import type { AppDeps } from '../context';
import { forbidden } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The principal a handler gets: none on public routes, narrowed to the role on role routes. */
type PrincipalFor<R extends RouteSpec> = R['access'] extends 'public'
  ? Principal | null
  : R['access'] extends readonly ['reviewer']
    ? Principal & { role: 'reviewer'; bianbanId: string }
    : R['access'] extends readonly ['unit']
      ? Principal & { role: 'unit'; unitId: string }
      : Principal;
type BodyFor<R extends RouteSpec> = R extends { body: infer B } ? (B extends BytesBody ? Buffer : B extends TSchema ? Static<B> : never) : undefined;

export interface HandlerInput<R extends RouteSpec> {
  params: RouteParams<R>;
  query: RouteQuery<R>;
  body: BodyFor<R>;
  principal: PrincipalFor<R>;
  req: FastifyRequest;
  reply: FastifyReply;
}
/** A JSON route answers its schema's type; a byte or no-content route sends on the reply and returns it. */
export type HandlerResult<R extends RouteSpec> = R['answer'] extends { kind: 'json'; schema: infer S extends TSchema } ? Static<S> : FastifyReply;
export type RouteHandler<R extends RouteSpec> = (input: HandlerInput<R>) => Promise<HandlerResult<R>>;
export type RouteHandlers<N extends RouteName> = { [K in N]: RouteHandler<Routes[K]> };

const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503] as const;
const errorResponses = Object.fromEntries(ERROR_STATUSES.map((s) => [s, ErrorResponse]));

function checkRole(r: RouteSpec, p: Principal | undefined): void {
  if (!Array.isArray(r.access) || !p) return;
  const ok = r.access.some((role) => p.role === role && (role === 'reviewer' ? !!p.bianbanId : !!p.unitId));
  if (!ok) throw forbidden(refusalOf(r));
}

export interface RegisterOptions<N extends RouteName> {
  /** Extra checks run before the handler (after validation and access), e.g. a rate limit. */
  preHandlers?: Partial<Record<N, preHandlerAsyncHookHandler>>;
}

/** Registers the routes whose handlers are given; call it in the plugin scope each route needs. */
export function registerRoutes<N extends RouteName>(app: FastifyInstance, deps: AppDeps, handlers: RouteHandlers<N>, o: RegisterOptions<N> = {}): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const name of Object.keys(handlers) as N[]) {
    const r: RouteSpec = ROUTES[name];
    const handler = handlers[name] as unknown as (input: HandlerInput<RouteSpec>) => Promise<unknown>;
    const jsonBody = r.body && !('kind' in r.body && r.body.kind === 'bytes') ? (r.body as TSchema) : undefined;
    const extra = o.preHandlers?.[name];
    typed.route({
      method: r.method,
      url: r.path,
      ...(r.bodyLimit ? { bodyLimit: r.bodyLimit } : {}),
      schema: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { querystring: r.query } : {}),
        ...(jsonBody ? { body: jsonBody } : {}),
        response: r.answer.kind === 'json' ? { 200: r.answer.schema, ...errorResponses } : errorResponses,
      },
      ...(r.access === 'public'
        ? {}
        : {
            onRequest: async (req: FastifyRequest) => {
              req.principal = await authenticate(deps, req.headers.authorization);
            },
          }),
      preHandler: [async (req: FastifyRequest) => checkRole(r, req.principal), ...(extra ? [extra] : [])],
      handler: async (req, reply) =>
        handler({ params: req.params, query: req.query, body: req.body, principal: req.principal ?? null, req, reply } as HandlerInput<RouteSpec>),
    });
  }
}
