/**
 * Reads who a key belongs to from its certificate (profile: certificate-profile.ts,
 * docs/usb-key.md) and refuses certificates outside their validity period.
 */
import * as x509 from './x509';
import { KeyError } from './key-errors';
import type { KeyIdentity, KeyRole, SignatureAlgorithm } from './key-types';
import {
  OID_EBZ_DEMO,
  OID_EBZ_JURISDICTION,
  OID_EBZ_ROLE,
  OID_ORGANIZATION_IDENTIFIER,
  readStringExtension,
} from './certificate-profile';
import { normaliseSerial, publicKeyHash, toArrayBuffer } from './signing';

function algorithmOf(cert: x509.X509Certificate): SignatureAlgorithm {
  const alg = cert.publicKey.algorithm as { name?: string; namedCurve?: string };
  if (alg.name === 'ECDSA' && alg.namedCurve === 'P-256') return 'ECDSA-P256-SHA256';
  if (alg.name === 'RSASSA-PKCS1-v1_5' || alg.name === 'RSA-PSS' || alg.name === 'RSA-OAEP') return 'RSA-PKCS1-SHA256';
  throw new KeyError('CERT_INVALID', `证书使用了本系统不支持的公钥算法（${alg.name ?? '未知'} ${alg.namedCurve ?? ''}）。请到编办重新发证。`);
}

function first(cert: x509.X509Certificate, field: string): string {
  return cert.subjectName.getField(field)[0] ?? '';
}

/** Parses a certificate (PEM or DER). Throws KeyError CERT_INVALID when it is not our profile. */
export function parseIdentity(certificate: string | Uint8Array, options: { demo?: boolean } = {}): KeyIdentity {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(typeof certificate === 'string' ? certificate : toArrayBuffer(certificate));
  } catch {
    throw new KeyError('CERT_INVALID', '密钥中的证书无法解析（格式损坏）。请携带密钥到编办重新发证。');
  }
  const role = readStringExtension(cert, OID_EBZ_ROLE);
  if (role !== 'unit' && role !== 'reviewer') {
    throw new KeyError('CERT_INVALID', '密钥中的证书不是电子编制管理证（缺少角色信息）。请确认插入的是编办发放的密钥。');
  }
  const holderName = first(cert, 'CN');
  return {
    unitName: first(cert, 'O') || holderName,
    holderName,
    creditCode: first(cert, OID_ORGANIZATION_IDENTIFIER),
    role: role as KeyRole,
    jurisdiction: readStringExtension(cert, OID_EBZ_JURISDICTION) ?? '',
    serial: normaliseSerial(cert.serialNumber),
    issuer: cert.issuer,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    publicKeyHash: publicKeyHash(new Uint8Array(cert.publicKey.rawData)),
    algorithm: algorithmOf(cert),
    demo: options.demo === true || cert.getExtension(OID_EBZ_DEMO) !== null,
  };
}

function ymd(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}年${p(d.getMonth() + 1)}月${p(d.getDate())}日`;
}

/** Throws KeyError CERT_EXPIRED / CERT_NOT_YET_VALID with the dates and what to do. */
export function assertIdentityValid(identity: KeyIdentity, now: Date = new Date()): void {
  if (now.getTime() > identity.notAfter.getTime()) {
    throw new KeyError(
      'CERT_EXPIRED',
      `电子编制管理证证书已于 ${ymd(identity.notAfter)} 过期，不能再用于登录和签名。请携带密钥到编办办理证书更新。`,
    );
  }
  if (now.getTime() < identity.notBefore.getTime()) {
    throw new KeyError(
      'CERT_NOT_YET_VALID',
      `电子编制管理证证书自 ${ymd(identity.notBefore)} 起才生效，现在还不能使用。请检查本机日期时间是否正确；日期无误请联系编办。`,
    );
  }
}
