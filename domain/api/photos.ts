/** HTTP shapes of the photo routes (server/photos/photo-routes.ts), shared with the client. */
import { Type, type Static } from '@sinclair/typebox';
import { Sha256Hex } from '../schema-kit';

export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

export const PhotoParams = Type.Object({ sha256: Sha256Hex });
export type PhotoParams = Static<typeof PhotoParams>;

export const PhotoPutResponse = Type.Object({
  sha256: Sha256Hex,
  size: Type.Integer({ minimum: 0 }),
  contentType: Type.Union(PHOTO_CONTENT_TYPES.map((t) => Type.Literal(t))),
  /** false when this unit had uploaded the same bytes before (a repeat is harmless). */
  created: Type.Boolean(),
});
export type PhotoPutResponse = Static<typeof PhotoPutResponse>;

export const photoPath = (sha256: string) => `/api/v1/photos/${sha256}`;
