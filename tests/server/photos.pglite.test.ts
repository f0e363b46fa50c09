/** The photo routes on embedded PGlite: bytea in and out byte for byte (PGlite answers a Uint8Array). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/database';
import { openDatabase } from '../../server/db/open';
import { createWorld, type World } from './helpers/world';
import { jpegBytes, sha256Hex } from './photos-fixture';

let db: Db;
let w: World;
beforeAll(async () => {
  db = await openDatabase({ memory: true });
  w = await createWorld(db);
});
afterAll(async () => {
  await w?.close();
  await db?.close();
});

describe('photos on PGlite', () => {
  it('stores and returns the exact bytes', async () => {
    const token = await w.login(w.actors.inst);
    const bytes = jpegBytes(40_000, 11);
    const sha = sha256Hex(bytes);
    const put = await w.app.inject({ method: 'PUT', url: `/api/v1/photos/${sha}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' }, payload: bytes });
    expect(put.statusCode).toBe(200);
    const got = await w.app.inject({ method: 'GET', url: `/api/v1/photos/${sha}`, headers: { authorization: `Bearer ${token}` } });
    expect(got.statusCode).toBe(200);
    expect(sha256Hex(got.rawPayload)).toBe(sha);
  });
});
