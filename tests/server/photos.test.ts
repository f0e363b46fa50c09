/**
 * PUT/GET /api/v1/photos/{sha256}: who may upload and read, the 200 KB limit, the content-type and
 * format checks, the digest check, and that the bytes come back exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatePhoto } from '../../domain/validation/photo';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';
import { jpegBytes, sha256Hex } from './photos-fixture';

let t: TestDatabase;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
  for (const a of ['inst', 'dept', 'other', 'reviewerC1', 'reviewerC2'] as const) tok[a] = await w.login(w.actors[a]);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

const put = (bytes: Buffer, sha = sha256Hex(bytes), token: string | null = tok.inst!, type = 'image/jpeg') =>
  w.app.inject({ method: 'PUT', url: `/api/v1/photos/${sha}`, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type }, payload: bytes });
const get = (sha: string, token: string | undefined) => w.app.inject({ method: 'GET', url: `/api/v1/photos/${sha}`, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('photo routes', () => {
  it('the fixture is a photo the domain accepts', () => {
    expect(validatePhoto(jpegBytes()).ok).toBe(true);
  });

  it('a unit uploads its photo once; the same bytes again are harmless; they come back byte for byte', async () => {
    const bytes = jpegBytes(30_000, 1);
    const first = await put(bytes);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ sha256: sha256Hex(bytes), size: bytes.length, contentType: 'image/jpeg', created: true });
    expect((await put(bytes)).json()).toMatchObject({ created: false });
    const back = await get(sha256Hex(bytes), tok.inst);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(back.rawPayload, bytes)).toBe(0);
    const audit = await t.db.query<{ action: string; entity_id: string }>("SELECT action, entity_id FROM audit_log WHERE action = 'photo.upload'");
    expect(audit.rows).toEqual([{ action: 'photo.upload', entity_id: sha256Hex(bytes) }]);
  });

  it('reads: own unit, its supervising department, reviewers of the jurisdiction — nobody else', async () => {
    const bytes = jpegBytes(20_000, 2);
    await put(bytes);
    const sha = sha256Hex(bytes);
    expect((await get(sha, undefined)).statusCode).toBe(401);
    expect((await get(sha, tok.dept)).statusCode).toBe(200);
    expect((await get(sha, tok.reviewerC1)).statusCode).toBe(200);
    expect((await get(sha, tok.other)).statusCode).toBe(403);
    expect((await get(sha, tok.reviewerC2)).statusCode).toBe(403);
    expect((await get(sha256Hex(Buffer.from('nothing')), tok.inst)).statusCode).toBe(404);
  });

  it('only a unit officer uploads, with a session', async () => {
    const bytes = jpegBytes(15_000, 3);
    expect((await put(bytes, undefined, null)).statusCode).toBe(401);
    const r = await put(bytes, undefined, tok.reviewerC1!);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/单位经办人员/);
  });

  it('refuses more than 200 KB with a photo-specific message, before storing anything', async () => {
    const big = jpegBytes(200 * 1024 + 1, 4);
    const r = await put(big);
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toMatchObject({ code: 'PHOTO_TOO_LARGE', field: 'photo' });
    expect(r.json().error.message).toMatch(/200 KB/);
    expect((await get(sha256Hex(big), tok.inst)).statusCode).toBe(404);
    // Exactly at the limit is fine.
    expect((await put(jpegBytes(200 * 1024, 5))).statusCode).toBe(200);
  });

  it('refuses bytes that do not match the digest in the address', async () => {
    const bytes = jpegBytes(20_000, 6);
    const r = await put(bytes, sha256Hex(jpegBytes(20_000, 7)));
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/摘要不符/);
    expect((await put(bytes, 'ABC')).statusCode).toBe(400);
  });

  it('checks the content type and the format inside', async () => {
    const bytes = jpegBytes(20_000, 8);
    expect((await put(bytes, undefined, tok.inst!, 'image/gif')).statusCode).toBe(415);
    const asJson = await w.app.inject({ method: 'PUT', url: `/api/v1/photos/${sha256Hex(bytes)}`, headers: { authorization: `Bearer ${tok.inst}` }, payload: { photo: 'x' } });
    expect(asJson.statusCode).toBe(415);
    const mislabelled = await put(bytes, undefined, tok.inst!, 'image/png');
    expect(mislabelled.statusCode).toBe(415);
    expect(mislabelled.json().error.message).toMatch(/JPEG/);
    const tooSmall = jpegBytes(5_000, 9);
    const r = await put(tooSmall);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.message).toMatch(/小于 10 KB/);
    const notImage = Buffer.alloc(20_000, 1);
    expect((await put(notImage)).statusCode).toBe(422);
  });
});
