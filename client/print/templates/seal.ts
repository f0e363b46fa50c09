/**
 * The bianban's seal as drawn on an issued form: a red ring, the office's name around the top, a
 * five-pointed star in the middle and a code along the bottom (here the first characters of the
 * sealed content's digest, so the drawn seal is tied to the one signature it stands for). Generated
 * SVG, not an image file: it prints sharp and cannot be lifted from one form onto another unchanged.
 */
import { esc, raw, type Html } from './html';

function starPath(cx: number, cy: number, outer: number): string {
  const inner = outer * 0.382;
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${(cx + r * Math.cos(a)).toFixed(2)},${(cy + r * Math.sin(a)).toFixed(2)}`);
  }
  return `M${pts.join('L')}Z`;
}

export function sealSvg(o: { name: string; code: string; diameterMm?: number; id?: string }): Html {
  const d = o.diameterMm ?? 42;
  const id = o.id ?? 'seal';
  const chars = Array.from(o.name);
  // The name runs along an arc of radius 35.5 centred on the top (viewBox units; 100 = the seal's diameter).
  const r = 35.5;
  // ~19° per character, so short names do not spread thin; long names use most of the ring.
  const sweep = (Math.min(250, Math.max(70, chars.length * 19)) * Math.PI) / 180;
  const start = -Math.PI / 2 - sweep / 2;
  const end = -Math.PI / 2 + sweep / 2;
  const p = (a: number) => `${(50 + r * Math.cos(a)).toFixed(2)} ${(50 + r * Math.sin(a)).toFixed(2)}`;
  const large = sweep > Math.PI ? 1 : 0;
  const arcLen = r * sweep;
  const fontSize = Math.min(13, (arcLen / chars.length) * 0.92);
  const code = o.code.toUpperCase();
  return raw(
    `<svg class="seal" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="${d}mm" height="${d}mm" aria-label="${esc(o.name)}印">` +
      `<defs><path id="${id}-arc" d="M ${p(start)} A ${r} ${r} 0 ${large} 1 ${p(end)}"/></defs>` +
      `<g fill="none" stroke="#d01c1f"><circle cx="50" cy="50" r="47.6" stroke-width="2.8"/></g>` +
      `<g fill="#d01c1f">` +
      `<path d="${starPath(50, 50, 15)}"/>` +
      `<text font-size="${fontSize.toFixed(2)}" font-weight="700" dominant-baseline="central">` +
      `<textPath href="#${id}-arc" startOffset="0" textLength="${arcLen.toFixed(2)}" lengthAdjust="spacing">${esc(o.name)}</textPath></text>` +
      `<text x="50" y="83" font-size="5.2" text-anchor="middle" letter-spacing="0.6" font-family="'Noto Serif SC', serif">${esc(code)}</text>` +
      `</g></svg>`,
  );
}
