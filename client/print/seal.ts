/**
 * Seals on issued forms: the digest the QR carries, the offline check of the bianban's signature with
 * the bianban certificate the client holds, the online check against the server's public
 * GET /verify/{number}, and a development sealer for demo forms.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { SealedContent, SealedForm } from '../../domain/forms/sealed-content';
import { verificationUrl } from '../../domain/forms/verification-link';
import { buildCertificate, randomSerial } from '../../native/certificate-profile';
import { keyObjectSigner } from '../../native/dev-ca';
import { normaliseSerial, verifyEnvelope } from '../../native/signing';
import { X509Certificate } from 'node:crypto';

export function contentDigest(content: SealedContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

export type SealCheck =
  | { ok: true; certificateSubject: string }
  | { ok: false; reason: 'digest' | 'unknownCertificate' | 'signature' | 'numberMismatch'; message: string };

/**
 * Checks a sealed form offline: the number and kind on the envelope are the signed ones, the digest
 * is the content's, and the signature verifies with one of the trusted bianban certificates (PEM).
 */
export function verifySealOffline(form: SealedForm, trusted: readonly string[]): SealCheck {
  if (form.number !== form.content.number || form.kind !== form.content.kind) {
    return { ok: false, reason: 'numberMismatch', message: `表单编号或种类与签章内容不一致（表单 ${form.number}，签章内容 ${form.content.number}）：该表单已被改动` };
  }
  if (contentDigest(form.content) !== form.digest) {
    return { ok: false, reason: 'digest', message: `表单 ${form.number} 的内容摘要与签章不符：内容已被改动` };
  }
  const certs = trusted.map((pem) => new X509Certificate(pem));
  const cert = certs.find((c) => normaliseSerial(c.serialNumber) === normaliseSerial(form.seal.certSerial));
  if (!cert) {
    return { ok: false, reason: 'unknownCertificate', message: `表单 ${form.number} 的签章证书（序列号 ${form.seal.certSerial}）不在本机信任的编办证书中；请同步编办证书后再核验` };
  }
  const data = new TextEncoder().encode(canonicalJson(form.content));
  let good: boolean;
  try {
    good = verifyEnvelope(data, form.seal, cert.toString());
  } catch {
    // a malformed signature value or a key of another algorithm: simply not valid
    good = false;
  }
  if (!good) return { ok: false, reason: 'signature', message: `表单 ${form.number} 的电子签章验证失败：内容与编办签章不符，不是编办签发的原件` };
  return { ok: true, certificateSubject: cert.subject };
}

/** The public answer of GET /verify/{number} (server/schemas/forms.ts). */
export interface OnlineVerification {
  number: string;
  genuine: boolean;
  status: string;
  statusLabel: string;
  issuedOn: string;
  unitName: string;
  digest: string;
  digestMatches?: boolean;
}

export type OnlineCheck =
  | { ok: true; answer: OnlineVerification }
  | { ok: false; reason: 'notFound' | 'digest' | 'notGenuine' | 'unreachable'; message: string; answer?: OnlineVerification };

/** Asks the bianban server about a form; never throws (an unreachable server is an answer too). */
export async function verifyOnline(o: { baseUrl: string; number: string; digest: string; fetch?: typeof fetch; timeoutMs?: number }): Promise<OnlineCheck> {
  const f = o.fetch ?? fetch;
  let res: Response;
  try {
    res = await f(verificationUrl(o.baseUrl, o.number, o.digest), { signal: AbortSignal.timeout(o.timeoutMs ?? 8000), headers: { accept: 'application/json' } });
  } catch (e) {
    return { ok: false, reason: 'unreachable', message: `无法连接编办服务器核验（${e instanceof Error ? e.message : String(e)}）；可改用本机离线核验` };
  }
  if (res.status === 404) return { ok: false, reason: 'notFound', message: `编办没有签发过编号为 ${o.number} 的表单` };
  if (!res.ok) return { ok: false, reason: 'unreachable', message: `编办服务器核验失败（HTTP ${res.status}）；请稍后再试或改用离线核验` };
  const answer = (await res.json()) as OnlineVerification;
  if (!answer.genuine) return { ok: false, reason: 'notGenuine', message: `编号 ${o.number} 的表单状态为“${answer.statusLabel}”，不是有效的编办签发件`, answer };
  if (answer.digestMatches === false || answer.digest !== o.digest) {
    return { ok: false, reason: 'digest', message: `编号 ${o.number} 存在，但表单内容与编办签发的不一致：该表单已被改动`, answer };
  }
  return { ok: true, answer };
}

export interface Sealer {
  certificatePem: string;
  seal<C extends SealedContent>(content: C): Promise<SealedForm<C>>;
}

/** Signs form content the way the server's issueForm does: envelope over canonicalJson(content). */
function sealWith(signer: { alg: SignatureEnvelope['alg']; certSerial: string; issuer: string; sign(data: Uint8Array): Promise<Uint8Array> }, certificatePem: string): Sealer {
  return {
    certificatePem,
    async seal(content) {
      const sig = await signer.sign(new TextEncoder().encode(canonicalJson(content)));
      return {
        number: content.number,
        kind: content.kind,
        content,
        digest: contentDigest(content),
        seal: { alg: signer.alg, certSerial: signer.certSerial, issuer: signer.issuer, value: Buffer.from(sig).toString('base64') },
        issuedAt: `${content.issuedOn}T09:00:00.000Z`,
      };
    },
  };
}

/**
 * A throwaway bianban seal key for demo forms (`ebz print --demo`): a P-256 key in memory and a
 * self-signed certificate marked as a development certificate. Nothing trusts it but the demo itself.
 */
export async function createDemoSealer(bianbanName: string): Promise<Sealer> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = keyObjectSigner(privateKey);
  const now = Date.now();
  const cert = await buildCertificate({
    subject: { commonName: `${bianbanName}（演示签章，仅供开发测试）`, organization: bianbanName },
    serial: randomSerial(),
    validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000) },
    issuerSigner: signer,
    ca: true,
    demo: true,
  });
  return sealWith(
    {
      alg: signer.algorithm,
      certSerial: normaliseSerial(cert.serialNumber),
      issuer: cert.issuer,
      sign: async (d) => new Uint8Array(await signer.sign(d)),
    },
    cert.toString('pem'),
  );
}
