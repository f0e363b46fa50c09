/**
 * What the QR code on an issued form encodes: the bianban server's public verification address for the
 * form number, with the digest of the sealed content as a query parameter —
 *   {base}/verify/{encodeURIComponent(number)}?digest={64 hex}
 * A phone camera opens it as a web page (GET /verify/{number} answers whether the number exists, is
 * current, and whether the digest matches what was issued); the desktop client parses it back to check
 * a form offline against the bianban's public key.
 */

export interface VerificationLink {
  /** Server origin plus any path prefix, without a trailing slash. */
  base: string;
  number: string;
  digest: string;
}

const DIGEST = /^[0-9a-f]{64}$/;

export function verificationUrl(base: string, number: string, digest: string): string {
  if (!DIGEST.test(digest)) throw new Error(`表单摘要应为 64 位小写十六进制（SHA-256），收到“${digest}”`);
  if (!number.trim()) throw new Error('表单编号为空，无法生成核验地址');
  return `${base.replace(/\/+$/, '')}/verify/${encodeURIComponent(number)}?digest=${digest}`;
}

/** Reads a scanned QR text back; null when it is not a verification address of this format. */
export function parseVerificationUrl(text: string): VerificationLink | null {
  const m = /^(https?:\/\/[^?#]*?)\/verify\/([^/?#]+)\?digest=([0-9a-f]{64})$/.exec(text.trim());
  if (!m) return null;
  try {
    return { base: m[1]!, number: decodeURIComponent(m[2]!), digest: m[3]! };
  } catch {
    return null;
  }
}
