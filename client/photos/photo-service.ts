/**
 * ID photos on the client. The officer picks a photo in 入编登记: it is checked (domain/validation/photo),
 * kept in the local `photos` table by its SHA-256 — the digest the enrollment request signs — and uploaded
 * to the server (PUT /api/v1/photos/{sha256}) whenever the client is online. The person card shows the
 * local copy, or fetches it from the server once (and keeps it) when this machine has none.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { PhotoContentType, Store } from '../../db/index';
import { ApiError } from '../../domain/contract/errors';
import type { AnyRequest, EnrollmentPayload } from '../../domain/requests';
import { validatePhoto } from '../../domain/validation/photo';
import { HttpFailure, type ServerConnection } from '../connection';

export interface PhotoDeps {
  store: Store;
  session: ServerConnection;
  /** Whether the key is logged in (uploads and fetches need its signature for the session). */
  canSign: () => boolean;
  log: Logger;
}

export interface PutPhotoResult {
  sha256: string;
  size: number;
  format: 'jpeg' | 'png';
  width: number | null;
  height: number | null;
  warnings: string[];
}

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export class PhotoService {
  private uploading: Promise<number> | null = null;
  /** Digests the server answered 404/403 for in this run: not asked again on every card opening. */
  private readonly missing = new Set<string>();

  constructor(private readonly d: PhotoDeps) {}

  /** Checks and keeps the photo locally; the caller puts the returned digest in the request. */
  put(bytes: Uint8Array): PutPhotoResult {
    const check = validatePhoto(bytes);
    if (!check.ok) throw new ApiError('VALIDATION', check.error, 'photo');
    const sha256 = sha256Hex(bytes);
    this.d.store.photos.save({ sha256, contentType: `image/${check.value.format}` as PhotoContentType, bytes });
    return { sha256, size: bytes.length, format: check.value.format, width: check.value.width ?? null, height: check.value.height ?? null, warnings: check.warnings };
  }

  /** Uploads every local photo the server does not have yet; returns how many went. Concurrent calls share one run. */
  uploadPending(): Promise<number> {
    if (!this.d.session.configured || !this.d.canSign()) return Promise.resolve(0);
    this.uploading ??= this.uploadAll().finally(() => {
      this.uploading = null;
    });
    return this.uploading;
  }

  private async uploadAll(): Promise<number> {
    let n = 0;
    for (const p of this.d.store.photos.listNotUploaded(50)) {
      try {
        await this.d.session.call('photoPut', { params: { sha256: p.sha256 }, body: { contentType: p.contentType, bytes: p.bytes } });
        this.d.store.photos.markUploaded(p.sha256);
        n++;
      } catch (e) {
        // Offline: try again next time. A refusal (4xx) is logged; the request itself still travels.
        this.d.log.warn({ sha256: p.sha256.slice(0, 12), err: e instanceof Error ? e.message : String(e) }, 'photo upload failed');
        if (e instanceof HttpFailure && e.offline) break;
      }
    }
    return n;
  }

  /** The photo as a data: URL — local copy first, then the server (kept locally for next time). */
  async dataUrl(sha256: string): Promise<string | null> {
    const local = this.d.store.photos.get(sha256);
    if (local) return `data:${local.contentType};base64,${local.bytes.toString('base64')}`;
    if (!this.d.session.configured || !this.d.canSign() || this.missing.has(sha256)) return null;
    try {
      const res = await this.d.session.call('photoGet', { params: { sha256 } });
      const contentType = res.contentType;
      const body = Buffer.from(res.bytes);
      if ((contentType !== 'image/jpeg' && contentType !== 'image/png') || sha256Hex(body) !== sha256) {
        this.d.log.warn({ sha256: sha256.slice(0, 12) }, 'server photo does not match its digest; not kept');
        return null;
      }
      this.d.store.photos.save({ sha256, contentType, bytes: body, uploadedAt: new Date().toISOString() });
      return `data:${contentType};base64,${body.toString('base64')}`;
    } catch (e) {
      if (e instanceof HttpFailure && (e.status === 404 || e.status === 403)) this.missing.add(sha256);
      this.d.log.debug({ sha256: sha256.slice(0, 12), err: e instanceof Error ? e.message : String(e) }, 'photo not fetched');
      return null;
    }
  }

  /**
   * The digest signed with the person's enrollment: the approved enrollment request for the slip slot
   * the person holds (the replica's staff row keeps slip number and slot; requests carry no result).
   */
  digestForStaff(staffId: string): string | null {
    const s = this.d.store.staff.get(staffId) ?? this.d.store.staff.getDeparted(staffId);
    if (!s?.slipNumber || s.slotNo === null) return null;
    for (const r of this.d.store.requests.listByUnit(s.unitId) as AnyRequest[]) {
      if (r.kind !== 'enrollment' || r.state !== 'approved') continue;
      const p = r.payload as EnrollmentPayload;
      if (p.slipNumber === s.slipNumber && p.slotNo === s.slotNo) return p.photoDigest ?? null;
    }
    return null;
  }

  async forStaff(staffId: string): Promise<string | null> {
    const digest = this.digestForStaff(staffId);
    return digest ? this.dataUrl(digest) : null;
  }
}
