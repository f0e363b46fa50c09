import { describe, expect, it } from 'vitest';
import { judgeBlueBackground, validatePhoto } from '../../../domain/validation/photo';

const KB = 1024;

/** A structurally valid PNG header (signature + IHDR) padded to `size` bytes. */
function png(size: number, width = 358, height = 441): Uint8Array {
  const b = new Uint8Array(size);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

/** SOI, an APP0 segment, a comment segment of padding, a SOF marker with the size, then EOI. */
function jpeg(size: number, { sof = 0xc0, width = 295, height = 413 } = {}): Uint8Array {
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  let i = 0;
  b.set([0xff, 0xd8], i);
  i += 2;
  b.set([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0], i);
  i += 18;
  b.set([0xff, 0xff, 0xfe], i); // a fill byte before the COM marker
  i += 3;
  v.setUint16(i, 100);
  i += 100;
  b.set([0xff, sof, 0x00, 0x11, 0x08], i);
  v.setUint16(i + 5, height);
  v.setUint16(i + 7, width);
  b.set([0xff, 0xd9], size - 2);
  return b;
}

describe('validatePhoto — refused', () => {
  it.each<[string, Uint8Array, RegExp]>([
    ['a GIF', new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, ...new Array(20 * KB).fill(0)]), /不是 JPEG 或 PNG 图片.*JPG\/JPEG 或 PNG/],
    ['an empty file', new Uint8Array(0), /不是 JPEG 或 PNG/],
    ['a 9 KB JPEG', jpeg(9 * KB), /只有 9\.0 KB，小于 10 KB/],
    ['a 201 KB PNG', png(201 * KB), /201\.0 KB，超过 200 KB 上限/],
    ['a PNG without IHDR', (() => { const b = png(20 * KB); b[12] = 0x58; return b; })(), /已损坏（PNG 文件缺少 IHDR 头）/],
    ['a JPEG without a frame header', jpeg(20 * KB, { sof: 0xfe }), /已损坏（JPEG 文件中找不到图像尺寸/],
  ])('%s', (_name, bytes, message) => {
    const r = validatePhoto(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe('photo');
      expect(r.error).toMatch(message);
    }
  });
});

describe('validatePhoto — accepted', () => {
  it('reads PNG size from IHDR', () => {
    expect(validatePhoto(png(30 * KB, 358, 441))).toEqual({
      ok: true,
      value: { format: 'png', size: 30 * KB, width: 358, height: 441 },
      warnings: [],
    });
  });
  it('reads baseline (SOF0) and progressive (SOF2) JPEG sizes', () => {
    for (const sof of [0xc0, 0xc2]) {
      const r = validatePhoto(jpeg(10 * KB, { sof, width: 295, height: 413 }));
      expect(r.ok && r.value).toEqual({ format: 'jpeg', size: 10 * KB, width: 295, height: 413 });
    }
  });
  it('accepts 50–200 KB with a warning, and exactly 50 KB and 200 KB as the edges', () => {
    expect(validatePhoto(jpeg(50 * KB))).toMatchObject({ ok: true, warnings: [] });
    const big = validatePhoto(png(120 * KB));
    expect(big.ok && big.warnings[0]).toMatch(/120\.0 KB，超过建议的 50 KB/);
    expect(validatePhoto(png(200 * KB)).ok).toBe(true);
  });
});

describe('judgeBlueBackground', () => {
  const idBlue: [number, number, number] = [67, 142, 219];
  const skyBlue: [number, number, number] = [0, 191, 243];
  const white: [number, number, number] = [250, 250, 250];
  const red: [number, number, number] = [220, 20, 30];
  const hair: [number, number, number] = [30, 25, 20];

  it('is silent for a blue border with some hair touching it', () => {
    expect(judgeBlueBackground([...Array(8).fill(idBlue), ...Array(8).fill(skyBlue), hair, hair])).toEqual([]);
  });
  it('warns about a white background and names it', () => {
    const w = judgeBlueBackground([...Array(9).fill(white), idBlue]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/背景应为蓝色，边缘只有 10% 为蓝色、多为白色/);
  });
  it('warns about a red background', () => {
    expect(judgeBlueBackground(Array(10).fill(red))[0]).toMatch(/多为红色/);
  });
  it('warns when there is nothing to judge', () => {
    expect(judgeBlueBackground([])[0]).toMatch(/无法判断背景颜色/);
  });
});
