/** QR codes as inline SVG (crisp at any printer resolution, no image files, synchronous). */
import QRCode from 'qrcode';
import { raw, type Html } from './html';

/** One <path> of unit squares; `sizeMm` is the printed width including the 4-module quiet zone. */
export function qrSvg(text: string, sizeMm: number): Html {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  let d = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      // merge horizontal runs: fewer path commands, no hairline seams between modules
      let run = 1;
      while (c + run < n && qr.modules.get(r, c + run)) run++;
      d += `M${c + quiet} ${r + quiet}h${run}v1h-${run}z`;
      c += run - 1;
    }
  }
  const vb = n + quiet * 2;
  return raw(
    `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${vb} ${vb}" width="${sizeMm}mm" height="${sizeMm}mm" shape-rendering="crispEdges">` +
      `<rect width="${vb}" height="${vb}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`,
  );
}
