/**
 * CA key on a PKCS#11 token (SoftHSM2 in tests, the vendor module in production). The key pair is made
 * on the token when the label is not found and `generate` is set; the private key never leaves it.
 * ECDSA P-256: SHA-256 here, CKM_ECDSA on the token (raw r||s back). RSA: CKM_SHA256_RSA_PKCS.
 */
import { createHash, webcrypto } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import type { CaSigner } from './signer';

export interface Pkcs11SignerOptions {
  modulePath: string;
  pin: string;
  tokenLabel?: string;
  keyLabel?: string;
  generate?: boolean;
}

// DER of the P-256 curve OID (1.2.840.10045.3.1.7), the CKA_EC_PARAMS value.
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

export async function openPkcs11Signer(o: Pkcs11SignerOptions): Promise<CaSigner> {
  const p = new pkcs11js.PKCS11();
  p.load(o.modulePath);
  // Another user of the module in this process (the key layer) may have initialised it already;
  // then it is not ours to finalise either.
  let owns = true;
  try {
    p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (!String(e).includes('CKR_CRYPTOKI_ALREADY_INITIALIZED')) throw e;
    owns = false;
  }
  let session: Buffer | undefined;
  try {
    const slot = p.C_GetSlotList(true).find((s) => !o.tokenLabel || p.C_GetTokenInfo(s).label.trim() === o.tokenLabel);
    if (!slot) throw new Error(`未找到标签为“${o.tokenLabel ?? ''}”的 PKCS#11 令牌，请检查 --ca-token 与 --ca-module`);
    session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    try {
      p.C_Login(session, pkcs11js.CKU_USER, o.pin);
    } catch (e) {
      if (!String(e).includes('CKR_USER_ALREADY_LOGGED_IN')) throw new Error('CA 令牌登录失败：PIN 不正确或令牌已锁定', { cause: e });
    }
    const s = session;
    const label = o.keyLabel ?? 'ebz-ca';
    const find = (cls: number): Buffer | null => {
      p.C_FindObjectsInit(s, [
        { type: pkcs11js.CKA_CLASS, value: cls },
        { type: pkcs11js.CKA_LABEL, value: label },
      ]);
      const h = p.C_FindObjects(s);
      p.C_FindObjectsFinal(s);
      return h;
    };
    let priv = find(pkcs11js.CKO_PRIVATE_KEY);
    let pub = find(pkcs11js.CKO_PUBLIC_KEY);
    if (!priv || !pub) {
      if (!o.generate) throw new Error(`CA 令牌中没有标签为“${label}”的密钥对`);
      const kp = p.C_GenerateKeyPair(
        s,
        { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
        [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_LABEL, value: label },
          { type: pkcs11js.CKA_EC_PARAMS, value: P256_PARAMS },
          { type: pkcs11js.CKA_VERIFY, value: true },
        ],
        [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_LABEL, value: label },
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: false },
          { type: pkcs11js.CKA_SIGN, value: true },
        ],
      );
      priv = kp.privateKey;
      pub = kp.publicKey;
    }
    const keyType = p.C_GetAttributeValue(s, pub, [{ type: pkcs11js.CKA_KEY_TYPE }])[0]?.value as Buffer;
    const isEc = keyType.readUInt32LE(0) === pkcs11js.CKK_EC;
    let publicKey: webcrypto.CryptoKey;
    if (isEc) {
      // CKA_EC_POINT is a DER OCTET STRING around the uncompressed point (04 || X || Y).
      const point = p.C_GetAttributeValue(s, pub, [{ type: pkcs11js.CKA_EC_POINT }])[0]?.value as Buffer;
      const raw = point[0] === 0x04 && point.length === 65 ? point : point.subarray(point.length - 65);
      publicKey = await webcrypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    } else {
      const [n, e] = p.C_GetAttributeValue(s, pub, [{ type: pkcs11js.CKA_MODULUS }, { type: pkcs11js.CKA_PUBLIC_EXPONENT }]);
      const b64u = (b: Buffer) => b.toString('base64url');
      publicKey = await webcrypto.subtle.importKey(
        'jwk',
        { kty: 'RSA', n: b64u(n?.value as Buffer), e: b64u(e?.value as Buffer), alg: 'RS256', ext: true },
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        true,
        ['verify'],
      );
    }
    const privKey = priv;
    // One session, one operation at a time: PKCS#11 sign is a two-call sequence on a session.
    let queue: Promise<unknown> = Promise.resolve();
    return {
      alg: isEc ? 'ECDSA-P256-SHA256' : 'RSA-PKCS1-SHA256',
      publicKey,
      sign(data) {
        const next = queue.then(() => {
          if (isEc) {
            p.C_SignInit(s, { mechanism: pkcs11js.CKM_ECDSA }, privKey);
            return new Uint8Array(p.C_Sign(s, createHash('sha256').update(data).digest(), Buffer.alloc(132)));
          }
          p.C_SignInit(s, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, privKey);
          return new Uint8Array(p.C_Sign(s, Buffer.from(data), Buffer.alloc(1024)));
        });
        queue = next.catch(() => undefined);
        return next;
      },
      async close() {
        await queue;
        try {
          p.C_Logout(s);
        } catch {
          /* already logged out */
        }
        p.C_CloseSession(s);
        if (owns) p.C_Finalize();
      },
    };
  } catch (e) {
    if (session) p.C_CloseSession(session);
    if (owns) p.C_Finalize();
    throw e;
  }
}
