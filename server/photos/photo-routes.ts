/**
 * Staff ID photos. The enrollment request signs the photo's SHA-256 (EnrollmentPayload.photoDigest);
 * the bytes come separately:
 *   PUT /api/v1/photos/{sha256}  unit officer, body = the JPEG/PNG itself (≤ 200 KB), stored for its unit
 *   GET /api/v1/photos/{sha256}  anyone whose scope covers the uploading unit (own unit, supervising
 *                                department, reviewers of the jurisdiction)
 * Registered inside photoScope (app.ts), from the route table.
 */
import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import { PHOTO_CONTENT_TYPES, type PhotoContentType } from '../../domain/api/photos';
import { PHOTO_MAX_BYTES, validatePhoto } from '../../domain/validation/photo';
import { Journal } from '../audit/journal';
import { canSeeUnit, findUnitRef } from '../auth/scope';
import type { AppDeps } from '../context';
import { badRequest, forbidden, HttpError, notFound, unprocessable } from '../http/errors';
import type { RouteHandlers } from '../http/register-routes';
import { findPhotos, putPhoto } from './photo-repository';

const LIMIT_KB = PHOTO_MAX_BYTES / 1024;

/** The photo routes' own scope: the image is the body itself, and size and type refusals speak of the photo. */
export function photoScope(app: FastifyInstance): void {
  // This parser (and its size limit) applies only inside the photo scope.
  app.addContentTypeParser([...PHOTO_CONTENT_TYPES], { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_req, body, done) => done(null, body));
  // Body-size and media-type refusals get a photo-specific message; everything else goes to the app's handler.
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'PHOTO_TOO_LARGE', message: `照片超过 ${LIMIT_KB} KB 上限，请压缩到 10–50 KB 后重新上传`, field: 'photo' } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '照片须以 image/jpeg 或 image/png 上传', field: 'photo' } });
    }
    throw err;
  });
}

export const photoHandlers = (deps: AppDeps): RouteHandlers<'photoPut' | 'photoGet'> => ({
  photoPut: async ({ principal: p, params, body, req }) => {
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() as PhotoContentType;
    if (!Buffer.isBuffer(body) || !PHOTO_CONTENT_TYPES.includes(contentType)) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', '照片须以 image/jpeg 或 image/png 上传', 'photo');
    }
    const bytes = body;
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== params.sha256) {
      throw badRequest(`照片内容与摘要不符（收到的文件摘要为 ${digest.slice(0, 12)}…）：文件可能在传输中损坏，请重新上传`, 'photo');
    }
    const check = validatePhoto(bytes);
    if (!check.ok) throw unprocessable(check.error, 'photo');
    if (`image/${check.value.format}` !== contentType) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `照片实际为 ${check.value.format.toUpperCase()} 格式，与声明的 ${contentType} 不符`, 'photo');
    }
    const unitId = p.unitId;
    const created = await deps.db.transaction(async (tx) => {
      const isNew = await putPhoto(tx, { sha256: digest, unitId, contentType, bytes, uploadedAt: deps.now().toISOString(), uploadedBy: p.certSerial });
      if (isNew) {
        await new Journal(tx, deps.now).audit({ actor: p.certSerial, action: 'photo.upload', entity: 'photo', entityId: digest, after: { sha256: digest, unitId, contentType, size: bytes.length }, detail: { unitId, size: bytes.length } });
      }
      return isNew;
    });
    return { sha256: digest, size: bytes.length, contentType, created };
  },

  photoGet: async ({ principal: p, params, reply }) => {
    const copies = await findPhotos(deps.db, params.sha256);
    if (copies.length === 0) throw notFound('服务器上没有这张照片：可能尚未由单位上传');
    for (const c of copies) {
      const unit = await findUnitRef(deps.db, c.unitId);
      if (unit && (await canSeeUnit(deps.db, p, unit))) {
        return reply.header('content-type', c.contentType).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(c.bytes);
      }
    }
    throw forbidden('无权查看该照片：只能查看本单位及所属单位人员的照片（编办人员为本辖区）');
  },
});
