/**
 * ID photos for the real-name record. The seeds ask for a JPEG/PNG of 10–50 KB on a blue background.
 * We only read container headers here (pure byte parsing, no image decoder in domain/); the caller
 * that can decode pixels passes border samples to `judgeBlueBackground`.
 */
import { type Check, fail, ok } from './result';

const FIELD = 'photo';
const LABEL = '照片';
const KB = 1024;
export const PHOTO_MIN_BYTES = 10 * KB;
export const PHOTO_RECOMMENDED_MAX_BYTES = 50 * KB;
export const PHOTO_MAX_BYTES = 200 * KB;

export interface PhotoInfo {
  format: 'jpeg' | 'png';
  size: number;
  width?: number;
  height?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function validatePhoto(bytes: Uint8Array): Check<PhotoInfo> {
  const format = sniff(bytes);
  if (!format) {
    return fail(FIELD, `${LABEL}：文件不是 JPEG 或 PNG 图片，请另存为 JPG/JPEG 或 PNG 格式后重新上传`);
  }
  const size = bytes.length;
  const kb = (size / KB).toFixed(1);
  if (size < PHOTO_MIN_BYTES) {
    return fail(FIELD, `${LABEL}：文件只有 ${kb} KB，小于 10 KB，清晰度不够，请上传 10–50 KB 的蓝底证件照`);
  }
  if (size > PHOTO_MAX_BYTES) {
    return fail(FIELD, `${LABEL}：文件有 ${kb} KB，超过 200 KB 上限，请压缩到 10–50 KB 后重新上传`);
  }
  const dims = format === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (!dims) {
    const which = format === 'png' ? 'PNG 文件缺少 IHDR 头' : 'JPEG 文件中找不到图像尺寸（SOF 段）';
    return fail(FIELD, `${LABEL}：文件已损坏（${which}），请重新导出照片后上传`);
  }
  const warnings: string[] = [];
  if (size > PHOTO_RECOMMENDED_MAX_BYTES) {
    warnings.push(`${LABEL}：文件有 ${kb} KB，超过建议的 50 KB，建议压缩到 10–50 KB`);
  }
  return ok({ format, size, width: dims.width, height: dims.height }, warnings);
}

function sniff(b: Uint8Array): 'jpeg' | 'png' | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && PNG_SIGNATURE.every((x, i) => b[i] === x)) return 'png';
  return null;
}

function u16(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
}

/** PNG: signature, then the IHDR chunk must come first (length 13, width and height big-endian). */
export function pngSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 24) return null;
  const type = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (type !== 'IHDR' || u32(b, 8) !== 13) return null;
  const width = u32(b, 16);
  const height = u32(b, 20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * JPEG: walk the marker segments from SOI until a start-of-frame (SOF0 baseline, SOF2 progressive,
 * and the other SOFn) and read height then width. Stops at SOS: the frame header always precedes it.
 */
export function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // standalone markers carry no length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    const length = u16(b, i + 2);
    if (length < 2) return null;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (i + 9 > b.length) return null;
      const height = u16(b, i + 5);
      const width = u16(b, i + 7);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    i += 2 + length;
  }
  return null;
}

/** A border pixel counts as blue when its hue is blue and it is neither washed out nor too dark. */
function classify([r, g, b]: [number, number, number]): 'blue' | 'white' | 'red' | 'grey' | 'other' {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const sat = max === 0 ? 0 : (max - min) / max;
  if (sat < 0.15) return max > 200 ? 'white' : 'grey';
  let hue: number;
  if (max === r) hue = (60 * ((g - b) / (max - min)) + 360) % 360;
  else if (max === g) hue = 60 * ((b - r) / (max - min)) + 120;
  else hue = 60 * ((r - g) / (max - min)) + 240;
  if (hue >= 180 && hue <= 255 && sat >= 0.3 && max >= 90) return 'blue';
  if ((hue < 20 || hue > 340) && sat >= 0.4) return 'red';
  return 'other';
}

const COLOUR_NAMES = { white: '白色', red: '红色', grey: '灰色', other: '非蓝色' } as const;

/**
 * Warnings (empty when fine) about the background, from RGB samples taken along the photo's border.
 * "Predominantly" means at least 80 % of the samples are blue: hair and shoulders touch the border.
 */
export function judgeBlueBackground(samples: [number, number, number][]): string[] {
  if (samples.length === 0) return [`${LABEL}：无法判断背景颜色，请确认是蓝底证件照`];
  const counts = { blue: 0, white: 0, red: 0, grey: 0, other: 0 };
  for (const s of samples) counts[classify(s)] += 1;
  const share = counts.blue / samples.length;
  if (share >= 0.8) return [];
  const [dominant] = (Object.keys(COLOUR_NAMES) as (keyof typeof COLOUR_NAMES)[]).sort((a, b) => counts[b] - counts[a]);
  const pct = Math.round(share * 100);
  return [`${LABEL}：背景应为蓝色，边缘只有 ${pct}% 为蓝色、多为${COLOUR_NAMES[dominant!]}，请更换蓝底证件照`];
}
