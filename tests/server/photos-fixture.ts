/** A minimal but well-formed JPEG (SOI, padding APP1, SOF0 with the size, EOI) of about `size` bytes. */
import { createHash } from 'node:crypto';

export function jpegBytes(size = 20_000, seed = 1, width = 358, height = 441): Buffer {
  const segments = Math.max(1, Math.ceil((size - 23) / 65_004));
  const padLen = Math.max(0, size - 2 - 4 * segments - 19 - 2);
  const pad = Buffer.alloc(padLen);
  for (let i = 0; i < padLen; i++) pad[i] = (i * 31 + seed * 7) & 0xff;
  const chunks: Buffer[] = [Buffer.from([0xff, 0xd8])];
  // APP segments hold at most 65533 bytes each.
  for (let off = 0; off < padLen; off += 65_000) {
    const part = pad.subarray(off, Math.min(padLen, off + 65_000));
    chunks.push(Buffer.from([0xff, 0xe1, ((part.length + 2) >> 8) & 0xff, (part.length + 2) & 0xff]), part);
  }
  chunks.push(Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]));
  chunks.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(chunks);
}

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
