import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReplica, type Store } from '../../db/index';
import { tempDir } from './fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let store: Store;
let file: string;
beforeEach(() => {
  file = tmp.file();
  store = openReplica(file);
});
afterEach(() => store.close());

const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(12_000, 7)]);
const sha = createHash('sha256').update(bytes).digest('hex');

describe('photos (local-only, migration 0005)', () => {
  it('keeps the bytes by digest across a reopen, waiting for upload until marked', () => {
    store.photos.save({ sha256: sha, contentType: 'image/jpeg', bytes, createdAt: '2025-06-01T00:00:00.000Z' });
    store.close();
    store = openReplica(file);
    const p = store.photos.get(sha)!;
    expect(Buffer.compare(p.bytes, bytes)).toBe(0);
    expect(p).toMatchObject({ contentType: 'image/jpeg', uploadedAt: null });
    expect(store.photos.listNotUploaded().map((x) => x.sha256)).toEqual([sha]);
    expect(store.photos.markUploaded(sha, '2025-06-02T00:00:00.000Z')).toBe(true);
    expect(store.photos.listNotUploaded()).toEqual([]);
    // Saving the same photo again (the officer picks it twice) keeps the upload mark.
    store.photos.save({ sha256: sha, contentType: 'image/jpeg', bytes });
    expect(store.photos.get(sha)!.uploadedAt).toBe('2025-06-02T00:00:00.000Z');
  });

  it('refuses a malformed digest or another content type', () => {
    expect(() => store.photos.save({ sha256: 'ABC', contentType: 'image/jpeg', bytes })).toThrow(/CHECK/);
    expect(() => store.photos.save({ sha256: sha.toUpperCase(), contentType: 'image/jpeg', bytes })).toThrow(/CHECK/);
    expect(() => store.photos.save({ sha256: sha, contentType: 'image/gif' as never, bytes })).toThrow(/CHECK/);
  });

  it('a pull does not touch photos (not a replica table)', () => {
    store.photos.save({ sha256: sha, contentType: 'image/jpeg', bytes });
    store.applyChanges([], { cursor: { lastPullAt: '2025-06-03T00:00:00.000Z' } });
    expect(store.photos.has(sha)).toBe(true);
  });
});
