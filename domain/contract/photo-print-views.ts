/**
 * Contract shapes for ID photos and for the print centre's printer channels (Electron prints natively;
 * browser mode answers `native: false` and prints through the page's dialog).
 */
import { Type, type Static } from '@sinclair/typebox';
import { NOTICE_KINDS } from '../forms/printable-forms';
import { PHOTO_MAX_BYTES } from '../validation/photo';
import { Enum, Int, Nullable, Str } from '../schema-kit';
import { PrintFormKindSchema } from './views';

/** base64 of at most 200 KB of image. */
export const PhotoPutRequestSchema = Type.Object({ base64: Type.String({ minLength: 4, maxLength: Math.ceil(PHOTO_MAX_BYTES / 3) * 4, pattern: '^[A-Za-z0-9+/]+=*$' }) }, { additionalProperties: false });

export const PhotoPutResultSchema = Type.Object({
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  size: Int(0, PHOTO_MAX_BYTES),
  format: Enum(['jpeg', 'png'] as const),
  width: Nullable(Int(1, 100_000)),
  height: Nullable(Int(1, 100_000)),
  warnings: Type.Array(Str(500)),
});
export type PhotoPutResult = Static<typeof PhotoPutResultSchema>;

export const PrinterSchema = Type.Object({ name: Str(300), displayName: Str(300), description: Str(500), isDefault: Type.Boolean() });
export type PrinterView = Static<typeof PrinterSchema>;
export const PrintersSchema = Type.Object({ native: Type.Boolean(), printers: Type.Array(PrinterSchema, { maxItems: 500 }) });
export type Printers = Static<typeof PrintersSchema>;

const Target = { formKind: PrintFormKindSchema, number: Nullable(Str(64)) };
export const ToPrinterRequestSchema = Type.Object(
  {
    ...Target,
    /** null: the system's default printer. */
    deviceName: Nullable(Str(300)),
    copies: Int(1, 99),
    /** Print without Electron's print dialog. */
    silent: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ToPrinterRequest = Static<typeof ToPrinterRequestSchema>;

export const SavePdfRequestSchema = Type.Object(Target, { additionalProperties: false });
export const SavePdfResultSchema = Type.Object({ saved: Type.Boolean(), path: Nullable(Str(2000)) });
export type SavePdfResult = Static<typeof SavePdfResultSchema>;

export const BatchRequestSchema = Type.Object(
  { month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }), kind: Enum(NOTICE_KINDS) },
  { additionalProperties: false },
);
