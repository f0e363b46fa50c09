import type { Database } from 'better-sqlite3';

export type PhotoContentType = 'image/jpeg' | 'image/png';

export interface StoredPhoto {
  sha256: string;
  contentType: PhotoContentType;
  bytes: Buffer;
  createdAt: string;
  uploadedAt: string | null;
}

interface PhotoRow {
  sha256: string;
  content_type: string;
  bytes: Buffer;
  created_at: string;
  uploaded_at: string | null;
}

const toPhoto = (r: PhotoRow): StoredPhoto => ({ sha256: r.sha256, contentType: r.content_type as PhotoContentType, bytes: r.bytes, createdAt: r.created_at, uploadedAt: r.uploaded_at });

/**
 * 照片 (local-only table). The caller computes the digest and checks the bytes (domain/validation/photo);
 * this only stores them. Saving the same digest twice keeps the first row, except that an upload mark
 * is never lost.
 */
export class PhotoRepository {
  private readonly s;

  constructor(db: Database) {
    this.s = {
      get: db.prepare('SELECT * FROM photos WHERE sha256 = ?'),
      has: db.prepare('SELECT 1 FROM photos WHERE sha256 = ?'),
      insert: db.prepare(`
        INSERT INTO photos (sha256, content_type, bytes, created_at, uploaded_at) VALUES (@sha256, @contentType, @bytes, @createdAt, @uploadedAt)
        ON CONFLICT (sha256) DO UPDATE SET uploaded_at = coalesce(photos.uploaded_at, excluded.uploaded_at)`),
      notUploaded: db.prepare('SELECT * FROM photos WHERE uploaded_at IS NULL ORDER BY created_at LIMIT ?'),
      markUploaded: db.prepare('UPDATE photos SET uploaded_at = ? WHERE sha256 = ? AND uploaded_at IS NULL'),
    };
  }

  save(p: { sha256: string; contentType: PhotoContentType; bytes: Uint8Array; uploadedAt?: string | null; createdAt?: string }): StoredPhoto {
    this.s.insert.run({
      sha256: p.sha256,
      contentType: p.contentType,
      bytes: Buffer.from(p.bytes),
      createdAt: p.createdAt ?? new Date().toISOString(),
      uploadedAt: p.uploadedAt ?? null,
    });
    return this.get(p.sha256)!;
  }

  get(sha256: string): StoredPhoto | null {
    const r = this.s.get.get(sha256) as PhotoRow | undefined;
    return r ? toPhoto(r) : null;
  }

  has(sha256: string): boolean {
    return this.s.has.get(sha256) !== undefined;
  }

  /** Photos the server does not have yet, oldest first. */
  listNotUploaded(limit = 50): StoredPhoto[] {
    return (this.s.notUploaded.all(limit) as PhotoRow[]).map(toPhoto);
  }

  markUploaded(sha256: string, at: string = new Date().toISOString()): boolean {
    return this.s.markUploaded.run(at, sha256).changes === 1;
  }
}
