/**
 * Every route of the route table against the input classes that used to reach PostgreSQL or the router's
 * English errors: NUL bytes and lone UTF-16 surrogates in every text field (path, query, body), integers
 * beyond any column, objects where strings are expected, a wrong content type, an oversized body, bad
 * JSON, an unknown route. Unauthenticated and with a unit's and a reviewer's session: never a 5xx, every
 * 4xx in the project's Chinese error shape, and nothing changed in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind, type TSchema } from '@sinclair/typebox';
import { ROUTES, type RouteSpec } from '../../domain/api/routes';
import { fingerprint } from './helpers/fingerprint';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';
import Fastify from 'fastify';
import { handleError } from '../../server/http/error-handler';

let t: TestDatabase;
let w: World;
const sessions: Record<'anon' | 'unit' | 'reviewer', string | undefined> = { anon: undefined, unit: undefined, reviewer: undefined };

beforeAll(async () => {
  t = await createTestDatabase();
  const many = { max: 1_000_000, windowMs: 60_000 };
  w = await createWorld(t.db, { bodyLimit: 64 * 1024, verifyRateLimit: many, challengeRateLimit: many, personLookupRateLimit: many });
  sessions.unit = await w.login(w.actors.inst);
  sessions.reviewer = await w.login(w.actors.reviewerC1);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

const NUL = 'a\u0000b';
const SURROGATE = 'a\uD800b';
/** Percent-encoded forms for a path or query: `%ED%A0%80` is a UTF-8-encoded lone surrogate (invalid UTF-8). */
const URL_BAD = ['%00', 'a%00b', '%ED%A0%80', '%EF%BF%BF', '%C0%80', '%uD800'];
const HUGE = ['9223372036854775808', '18446744073709551616', '1e400', '-9223372036854775809', '99999999999999999999999999'];

/** A value that passes the schema as far as the fuzzer can tell (the fuzz then breaks one leaf of it). */
function sample(s: TSchema): unknown {
  const kind = (s as { [Kind]?: string })[Kind];
  if ('default' in s) return s.default;
  switch (kind) {
    case 'Literal':
      return s.const;
    case 'Union':
      return sample((s.anyOf as TSchema[])[0]!);
    case 'Object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties as Record<string, TSchema>)) out[k] = sample(v);
      return out;
    }
    case 'Array':
      return [sample(s.items as TSchema)];
    case 'Integer':
    case 'Number':
      return s.minimum ?? 0;
    case 'Boolean':
      return false;
    case 'Null':
      return null;
    case 'Record':
      return {};
    case 'String': {
      const pattern = s.pattern as string | undefined;
      const candidates = ['INST', '2026-01-01', '2026-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000000', 'a'.repeat(64), 'AAAA', '370102199001011234', 'ab'];
      const v = pattern ? (candidates.find((c) => new RegExp(pattern).test(c)) ?? 'x') : 'x'.repeat(Math.max(1, (s.minLength as number | undefined) ?? 1));
      return v;
    }
    default:
      return null;
  }
}

type Path = (string | number)[];
/** Every leaf of a sample value with its path. */
function leaves(v: unknown, at: Path = []): { path: Path; value: unknown }[] {
  if (Array.isArray(v)) return [{ path: at, value: v }, ...v.flatMap((x, i) => leaves(x, [...at, i]))];
  if (v && typeof v === 'object') return [{ path: at, value: v }, ...Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k]))];
  return [{ path: at, value: v }];
}
function setAt(v: unknown, path: Path, x: unknown): unknown {
  if (path.length === 0) return x;
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let cur = copy;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = x;
  return copy;
}

interface Case {
  what: string;
  method: RouteSpec['method'];
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

function urlOf(r: RouteSpec, params: Record<string, string>, query = ''): string {
  return r.path.replace(/:([A-Za-z0-9_]+)/g, (_m, n: string) => params[n] ?? 'x') + query;
}

function casesFor(name: string, r: RouteSpec): Case[] {
  const out: Case[] = [];
  const paramNames = r.params ? Object.keys(r.params.properties) : [];
  const goodParams = Object.fromEntries(paramNames.map((n) => [n, encodeURIComponent(String(sample(r.params!.properties[n]!)))]));
  const jsonBody = r.body && !('kind' in r.body && r.body.kind === 'bytes') ? (r.body as TSchema) : undefined;
  const base = jsonBody ? sample(jsonBody) : undefined;
  const withBody = (what: string, url: string, body: unknown): Case =>
    jsonBody ? { what, method: r.method, url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) } : { what, method: r.method, url };
  const goodUrl = urlOf(r, goodParams);

  // Path parameters.
  for (const n of paramNames) for (const bad of [...URL_BAD, ...HUGE]) out.push(withBody(`param ${n}=${bad}`, urlOf(r, { ...goodParams, [n]: bad }), base));
  // Query parameters (declared or not).
  const queryNames = [...(r.query ? Object.keys(r.query.properties) : []), 'zz'];
  for (const n of queryNames) {
    for (const bad of [...URL_BAD, ...HUGE, '', '[object Object]']) out.push(withBody(`query ${n}=${bad}`, `${goodUrl}?${n}=${bad}`, base));
    out.push(withBody(`query ${n}[a]=1`, `${goodUrl}?${n}[a]=1`, base));
    out.push(withBody(`query ${n} twice`, `${goodUrl}?${n}=1&${n}=2`, base));
  }
  // JSON body: every leaf broken in turn.
  if (jsonBody) {
    for (const { path, value } of leaves(base)) {
      const where = path.join('.') || '(body)';
      const bad: unknown[] = [NUL, SURROGATE, '\u0000', {}, { toString: 1 }, [], 2 ** 64, -(2 ** 64), 1.5, null, true];
      if (typeof value === 'string') bad.push(value + '\u0000', '\uDC00' + value, 'x'.repeat(70_000));
      for (const b of bad) out.push(withBody(`body ${where}=${JSON.stringify(b)?.slice(0, 20)}`, goodUrl, setAt(base, path, b)));
    }
    out.push({ what: 'bad JSON', method: r.method, url: goodUrl, headers: { 'content-type': 'application/json' }, payload: '{"a": [' });
    out.push({ what: 'empty JSON', method: r.method, url: goodUrl, headers: { 'content-type': 'application/json' }, payload: '' });
    out.push({ what: 'JSON with raw NUL', method: r.method, url: goodUrl, headers: { 'content-type': 'application/json' }, payload: '{"a":"\u0000"}' });
    out.push({ what: 'JSON top-level string', method: r.method, url: goodUrl, headers: { 'content-type': 'application/json' }, payload: '"\\u0000"' });
  }
  if (r.method !== 'GET') {
    out.push({ what: 'wrong content type', method: r.method, url: goodUrl, headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    out.push({ what: 'unknown content type', method: r.method, url: goodUrl, headers: { 'content-type': 'application/x-zz' }, payload: 'hello' });
    out.push({ what: 'form content type', method: r.method, url: goodUrl, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=%00' });
    const limit = r.bodyLimit ?? 64 * 1024;
    const ct = r.body && 'kind' in r.body && r.body.kind === 'bytes' ? r.body.contentTypes[0]! : 'application/json';
    out.push({ what: 'oversized body', method: r.method, url: goodUrl, headers: { 'content-type': ct }, payload: Buffer.alloc(limit + 1, 0x20) });
  }
  out.push({ what: 'unknown route below', method: r.method, url: `${goodUrl}/zz%00`, headers: {} });
  out.push({ what: 'other method', method: r.method === 'GET' ? 'PUT' : 'GET', url: `${goodUrl}x`, headers: {} });
  void name;
  return out;
}

const SPECIAL: Case[] = [
  { what: 'verify NUL', method: 'GET', url: '/verify/%00' },
  { what: 'unknown route', method: 'GET', url: '/nope' },
  { what: 'unknown api route', method: 'POST', url: '/api/v1/nope', headers: { 'content-type': 'application/json' }, payload: '{}' },
  { what: 'bad percent-encoding', method: 'GET', url: '/verify/%E0%A4%A' },
  {
    what: 'bundle header version object',
    method: 'POST',
    url: '/api/v1/bundles',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ bundle: JSON.stringify({ format: 'ebz-bundle', version: { toString: 1 } }) }),
  },
  {
    what: 'bundle header version null-proto',
    method: 'POST',
    url: '/api/v1/bundles',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ bundle: JSON.stringify({ format: 'ebz-bundle', version: { valueOf: {}, toString: {} } }) }),
  },
  {
    what: 'bundle with NUL in header',
    method: 'POST',
    url: '/api/v1/bundles',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ bundle: JSON.stringify({ format: 'ebz-bundle', version: 1, kind: 'outbox', bundleId: '\u0000', unitId: '\uD800', recipientKeyId: '\u0000' }) }),
  },
];

describe('route fuzzer', () => {
  it('never answers 5xx, always the Chinese error shape, and changes nothing', async () => {
    const before = await fingerprint(t.db);
    const failures: string[] = [];
    let count = 0;
    for (const [name, r] of Object.entries(ROUTES) as [string, RouteSpec][]) {
      const cases = [...casesFor(name, r), ...(name === 'health' ? SPECIAL : [])];
      for (const who of ['anon', 'unit', 'reviewer'] as const) {
        // A valid logout ends the session the other cases use: only without one.
        if (name === 'authLogout' && who !== 'anon') continue;
        const token = sessions[who];
        for (const c of cases) {
          count++;
          const res = await w.app.inject({
            method: c.method,
            url: c.url,
            headers: { ...(c.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
            ...(c.payload !== undefined ? { payload: c.payload } : {}),
          });
          const label = `${who} ${c.method} ${c.url.slice(0, 80)} [${c.what}] → ${res.statusCode}`;
          if (res.statusCode >= 500) {
            failures.push(`${label} ${res.body.slice(0, 200)}`);
            continue;
          }
          if (res.statusCode >= 400) {
            let body: { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined;
            try {
              body = res.json();
            } catch {
              body = undefined;
            }
            const e = body?.error;
            const shapeOk =
              !!e &&
              typeof e.code === 'string' &&
              typeof e.message === 'string' &&
              /[\u4e00-\u9fff]/.test(e.message) &&
              !/\bmust\b|Bad Request|Not Found|is not a valid|Unsupported Media/.test(e.message) &&
              (e.field === undefined || typeof e.field === 'string') &&
              Object.keys(body!).length === 1;
            if (!shapeOk) failures.push(`${label} not the error shape: ${res.body.slice(0, 200)}`);
          }
        }
      }
    }
    expect(count).toBeGreaterThan(3000);
    expect(failures.slice(0, 60)).toEqual([]);
    expect(await fingerprint(t.db)).toEqual(before);
    // The sessions lived through it all: the authenticated cases really ran as a unit and a reviewer.
    for (const who of ['unit', 'reviewer'] as const) expect((await w.call('GET', '/api/v1/me', sessions[who])).status).toBe(200);
  }, 600_000);

  it('names the field of a NUL or a lone surrogate', async () => {
    const r1 = await w.app.inject({ method: 'GET', url: '/verify/%00' });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.field).toBe('number');
    const r2 = await w.call('POST', '/api/v1/reviewer/units', sessions.reviewer, { name: SURROGATE });
    expect(r2.status).toBe(400);
    expect(r2.json.error.message).toMatch(/[\u4e00-\u9fff]/);
    const r3 = await w.app.inject({ method: 'GET', url: '/api/v1/sync/pull?after=9223372036854775808', headers: { authorization: `Bearer ${sessions.unit}` } });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.field).toBe('after');
  });
});

describe('the safety net behind the schemas', () => {
  it('maps PostgreSQL input errors (encoding, range) to 400, anything else to 500, in the one shape', async () => {
    const app = Fastify();
    app.setErrorHandler(handleError);
    const codes: Record<string, number> = { '22021': 400, '22P05': 400, '22003': 400, '22P02': 400, '42P01': 500 };
    app.get('/:code', async (req) => {
      throw Object.assign(new Error('from PostgreSQL'), { code: (req.params as { code: string }).code });
    });
    for (const [code, status] of Object.entries(codes)) {
      const r = await app.inject({ method: 'GET', url: `/${code}` });
      expect(r.statusCode, code).toBe(status);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    await app.close();
  });
});
