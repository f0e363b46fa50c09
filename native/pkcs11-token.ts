/**
 * A USB key seen through PKCS#11: token and PIN state, login, the certificate and its key pair,
 * signing, and the provisioning steps the bianban performs (key pair generation on the token,
 * writing the certificate). Implements KeyService (key-types.ts).
 *
 * Session rule: one logged-in R/W session per token object, opened by login() and dropped on logout,
 * on removal, or on any error that says the session or device is gone. The PIN is passed straight to
 * C_Login / C_SetPIN and never stored; it is not a field, not logged and not part of any error.
 */
import { createPublicKey, randomBytes, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from './x509';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import { ckrName, KeyError, MESSAGES, toKeyError } from './key-errors';
import type {
  KeyAlgorithm,
  KeyIdentity,
  PinState,
  ProvisionableKey,
  RawSigner,
  SignatureAlgorithm,
  SignatureEnvelope,
  SignOptions,
  SlotSummary,
  TokenSummary,
} from './key-types';
import { DEFAULT_KEY_ALGORITHM } from './key-types';
import { nativeLogger, type Logger } from './logger';
import { pkcs11js, trimPadded, type LoadedModule, type Pkcs11Api } from './pkcs11-module';
import { assertIdentityValid, parseIdentity } from './identity';
import { normaliseSerial, signingInput, toArrayBuffer, verifyEnvelope } from './signing';
import { buildCsr, type SubjectFields } from './certificate-profile';

const P = pkcs11js;
const OID_P256 = '1.2.840.10045.3.1.7';
// CK_SLOT_INFO flags (pkcs11js exports them at runtime but its typings lack them).
const CKF_TOKEN_PRESENT = 0x1;
const CKF_REMOVABLE_DEVICE = 0x2;
const CKF_HW_SLOT = 0x4;

export function pinStateOf(flags: number): PinState {
  return {
    countLow: (flags & P.CKF_USER_PIN_COUNT_LOW) !== 0,
    finalTry: (flags & P.CKF_USER_PIN_FINAL_TRY) !== 0,
    locked: (flags & P.CKF_USER_PIN_LOCKED) !== 0,
    toBeChanged: (flags & P.CKF_USER_PIN_TO_BE_CHANGED) !== 0,
  };
}

export function tokenSummaryOf(info: pkcs11js.TokenInfo): TokenSummary {
  const f = info.flags;
  return {
    label: trimPadded(info.label),
    manufacturer: trimPadded(info.manufacturerID),
    model: trimPadded(info.model),
    serialNumber: trimPadded(info.serialNumber),
    initialized: (f & P.CKF_TOKEN_INITIALIZED) !== 0,
    userPinInitialized: (f & P.CKF_USER_PIN_INITIALIZED) !== 0,
    loginRequired: (f & P.CKF_LOGIN_REQUIRED) !== 0,
    protectedAuthPath: (f & P.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
    writeProtected: (f & P.CKF_WRITE_PROTECTED) !== 0,
    minPinLength: info.minPinLen,
    maxPinLength: info.maxPinLen,
    pin: pinStateOf(f),
    flags: f,
  };
}

export const slotIdOf = (slot: Buffer): string => slot.toString('hex');

/** All slots of a module with their token (if present). Never throws for one bad slot. */
export function describeSlots(api: Pkcs11Api): SlotSummary[] {
  let slots: Buffer[];
  try {
    slots = api.C_GetSlotList(false);
  } catch (e) {
    throw toKeyError(e);
  }
  return slots.map((slot) => {
    const info = api.C_GetSlotInfo(slot);
    const present = (info.flags & CKF_TOKEN_PRESENT) !== 0;
    const summary: SlotSummary = {
      slotId: slotIdOf(slot),
      description: trimPadded(info.slotDescription),
      manufacturer: trimPadded(info.manufacturerID),
      tokenPresent: present,
      removable: (info.flags & CKF_REMOVABLE_DEVICE) !== 0,
      hardware: (info.flags & CKF_HW_SLOT) !== 0,
    };
    if (present) {
      try {
        summary.token = tokenSummaryOf(api.C_GetTokenInfo(slot));
      } catch {
        summary.tokenPresent = false; // pulled out between the two calls
      }
    }
    return summary;
  });
}

export interface SlotSelector {
  /** Token serial number (stable across re-plugging, unlike slot ids). */
  serialNumber?: string;
  label?: string;
  /** Hex slot id as in SlotSummary. */
  slotId?: string;
}

/** The slot holding the selected token; without a selector, the first initialised token. */
export function findSlot(api: Pkcs11Api, selector: SlotSelector = {}): Buffer {
  let slots: Buffer[];
  try {
    slots = api.C_GetSlotList(true);
  } catch (e) {
    throw toKeyError(e);
  }
  for (const slot of slots) {
    if (selector.slotId && slotIdOf(slot) !== selector.slotId.toLowerCase()) continue;
    let info: pkcs11js.TokenInfo;
    try {
      info = api.C_GetTokenInfo(slot);
    } catch {
      continue;
    }
    const t = tokenSummaryOf(info);
    if (selector.serialNumber && t.serialNumber !== selector.serialNumber) continue;
    if (selector.label && t.label !== selector.label) continue;
    if (!selector.slotId && !t.initialized) continue;
    return slot;
  }
  if (selector.serialNumber || selector.label || selector.slotId) {
    throw new KeyError('KEY_REMOVED', `没有找到指定的密钥（${selector.label ?? selector.serialNumber ?? selector.slotId}）。请确认密钥已插入。`);
  }
  if (slots.length > 0) throw new KeyError('TOKEN_NOT_INITIALIZED', MESSAGES.tokenNotInitialized);
  throw new KeyError('KEY_REMOVED', '没有检测到电子编制管理证（USB 密钥）。请插入密钥后重试。');
}

export interface GeneratedKeyPair {
  /** CKA_ID shared by the private key, public key and (later) the certificate; hex. */
  id: string;
  publicKeySpki: Buffer;
  algorithm: SignatureAlgorithm;
}

interface SigningKey {
  handle: Buffer;
  algorithm: SignatureAlgorithm;
}

export interface Pkcs11TokenOptions {
  module: LoadedModule;
  slot?: SlotSelector;
  logger?: Logger;
  /** Close the module when this token is closed (CLI, benchmarks). */
  ownsModule?: boolean;
}

export class Pkcs11Token implements ProvisionableKey {
  readonly kind = 'pkcs11' as const;
  readonly displayName: string;
  /** Token serial: the token's identity across re-plugging. */
  readonly serialNumber: string;
  private readonly api: Pkcs11Api;
  private readonly log: Logger;
  private slot: Buffer;
  private session: Buffer | null = null;
  private signingKey: SigningKey | null = null;

  constructor(private readonly options: Pkcs11TokenOptions) {
    this.api = options.module.api;
    this.log = (options.logger ?? nativeLogger()).child({ component: 'pkcs11-token' });
    this.slot = findSlot(this.api, options.slot);
    const t = tokenSummaryOf(this.api.C_GetTokenInfo(this.slot));
    this.serialNumber = t.serialNumber;
    this.displayName = t.label || '电子编制管理证';
  }

  /** Re-finds the token by serial (a re-plugged key may sit in another slot). */
  private currentSlot(): Buffer {
    try {
      this.api.C_GetTokenInfo(this.slot);
      return this.slot;
    } catch {
      this.slot = findSlot(this.api, { serialNumber: this.serialNumber });
      return this.slot;
    }
  }

  async listSlots(): Promise<SlotSummary[]> {
    return describeSlots(this.api);
  }

  async verify(data: Uint8Array, envelope: SignatureEnvelope): Promise<boolean> {
    const pem = envelope.certificate ?? (await this.certificatePem());
    if (!pem) throw new KeyError('NO_CERTIFICATE', MESSAGES.noCertificate);
    return verifyEnvelope(data, envelope, pem);
  }

  async tokenInfo(): Promise<TokenSummary> {
    try {
      return tokenSummaryOf(this.api.C_GetTokenInfo(this.currentSlot()));
    } catch (e) {
      throw this.fail(e, 'tokenInfo');
    }
  }

  async pinState(): Promise<PinState> {
    return (await this.tokenInfo()).pin;
  }

  isLoggedIn(): boolean {
    return this.session !== null;
  }

  async login(pin: string): Promise<void> {
    const info = await this.tokenInfo();
    if (!info.initialized) throw new KeyError('TOKEN_NOT_INITIALIZED', MESSAGES.tokenNotInitialized);
    if (!info.userPinInitialized) throw new KeyError('PIN_NOT_INITIALIZED', MESSAGES.pinNotInitialized);
    if (info.pin.locked) throw new KeyError('PIN_LOCKED', MESSAGES.pinLocked);
    if (this.session) await this.logout();
    const session = this.openSession();
    // A PIN pad (protected authentication path) takes the PIN on the device: pass none.
    const pinArg = info.protectedAuthPath ? undefined : pin;
    try {
      try {
        this.api.C_Login(session, P.CKU_USER, pinArg);
      } catch (e) {
        // Login state is per application and token: another object in this process is logged in.
        // Log out and check this PIN anyway — never accept a login that did not verify the PIN.
        if (ckrName(e) !== 'CKR_USER_ALREADY_LOGGED_IN') throw e;
        this.api.C_Logout(session);
        this.api.C_Login(session, P.CKU_USER, pinArg);
      }
    } catch (e) {
      this.closeQuietly(session);
      const err = this.afterPinFailure(e, info);
      this.log.warn({ serial: this.serialNumber, code: err.code, ckr: err.ckr }, 'login refused');
      throw err;
    }
    this.session = session;
    this.signingKey = null;
    this.log.info({ serial: this.serialNumber }, 'logged in');
  }

  /** Maps a PIN failure, re-reading the flags so the message can say how many tries remain. */
  private afterPinFailure(e: unknown, before: TokenSummary): KeyError {
    let pinState: PinState | undefined;
    try {
      pinState = pinStateOf(this.api.C_GetTokenInfo(this.slot).flags);
    } catch {
      pinState = undefined;
    }
    const err = toKeyError(e, { pinState, pinLength: { min: before.minPinLength, max: before.maxPinLength } });
    if (err.code === 'KEY_REMOVED' || err.code === 'SESSION_INVALID') this.dropSessions();
    return err;
  }

  async logout(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.signingKey = null;
    if (!session) return;
    try {
      this.api.C_Logout(session);
    } catch {
      /* the device may be gone: the session is dropped either way */
    }
    this.closeQuietly(session);
    this.log.info({ serial: this.serialNumber }, 'logged out');
  }

  dropSessions(): void {
    const had = this.session !== null;
    this.session = null;
    this.signingKey = null;
    try {
      this.api.C_CloseAllSessions(this.slot);
    } catch {
      /* device removed: the module has already forgotten them */
    }
    if (had) this.log.info({ serial: this.serialNumber }, 'sessions dropped');
  }

  async certificatePem(): Promise<string | null> {
    const found = this.withReadSession((s) => this.findCertificates(s));
    const first = found[0];
    return first ? new x509.X509Certificate(toArrayBuffer(first.der)).toString('pem') : null;
  }

  async getIdentity(options: { now?: Date; allowInvalid?: boolean } = {}): Promise<KeyIdentity> {
    const pem = await this.certificatePem();
    if (!pem) throw new KeyError('NO_CERTIFICATE', MESSAGES.noCertificate);
    const identity = parseIdentity(pem);
    if (!options.allowInvalid) assertIdentityValid(identity, options.now);
    return identity;
  }

  async sign(data: Uint8Array, options: SignOptions = {}): Promise<SignatureEnvelope> {
    const session = this.requireSession();
    const certs = this.withSession(session, (s) => this.findCertificates(s));
    const cert = certs[0];
    if (!cert) throw new KeyError('NO_CERTIFICATE', MESSAGES.noCertificate);
    const key = this.signingKeyFor(session, cert.id);
    const value = await this.rawSign(session, key, data);
    const parsed = new NodeX509(cert.der);
    const envelope: SignatureEnvelope = {
      alg: key.algorithm,
      certSerial: normaliseSerial(parsed.serialNumber),
      issuer: new x509.X509Certificate(toArrayBuffer(cert.der)).issuer,
      value: value.toString('base64'),
    };
    if (options.includeCertificate) envelope.certificate = parsed.toString();
    return envelope;
  }

  /** Hash-then-sign with the private key `key` (CKM_ECDSA or CKM_RSA_PKCS). */
  private async rawSign(session: Buffer, key: SigningKey, data: Uint8Array): Promise<Buffer> {
    const started = performance.now();
    try {
      const mechanism = key.algorithm === 'ECDSA-P256-SHA256' ? P.CKM_ECDSA : P.CKM_RSA_PKCS;
      this.api.C_SignInit(session, { mechanism }, key.handle);
      // The async variant runs on libuv's pool: a slow hardware key must not freeze the window.
      const out = await this.api.C_SignAsync(session, signingInput(key.algorithm, data), Buffer.alloc(1024));
      this.log.debug({ serial: this.serialNumber, alg: key.algorithm, ms: Math.round(performance.now() - started) }, 'signed');
      return out;
    } catch (e) {
      throw this.fail(e, 'sign');
    }
  }

  /** A RawSigner over the token key `id` (hex), e.g. to sign a CSR during provisioning. */
  rawSigner(id: string, publicKeySpki: Uint8Array): RawSigner {
    const session = this.requireSession();
    const key = this.signingKeyFor(session, id);
    return {
      algorithm: key.algorithm,
      publicKeySpki,
      sign: (data) => this.rawSign(this.requireSession(), key, data),
    };
  }

  async changePin(oldPin: string, newPin: string): Promise<void> {
    const info = await this.tokenInfo();
    const own = this.session === null;
    const session = this.session ?? this.openSession();
    try {
      this.api.C_SetPIN(session, oldPin, newPin);
      this.log.info({ serial: this.serialNumber }, 'user PIN changed');
    } catch (e) {
      const err = this.afterPinFailure(e, info);
      this.log.warn({ serial: this.serialNumber, code: err.code, ckr: err.ckr }, 'PIN change refused');
      throw err;
    } finally {
      if (own) this.closeQuietly(session);
    }
  }

  /**
   * Generates a key pair on the token (requires login). The private key is token-resident,
   * private, sensitive and never extractable: no one — not even the bianban — can copy it.
   */
  async generateKeyPair(options: { algorithm?: KeyAlgorithm; label?: string; id?: string } = {}): Promise<GeneratedKeyPair> {
    const session = this.requireSession();
    const algorithm = options.algorithm ?? DEFAULT_KEY_ALGORITHM;
    const id = Buffer.from(options.id ?? randomBytes(20).toString('hex'), 'hex');
    const label = options.label ?? '电子编制管理证';
    const common = [
      { type: P.CKA_TOKEN, value: true },
      { type: P.CKA_ID, value: id },
      { type: P.CKA_LABEL, value: label },
    ];
    const priv = [
      ...common,
      { type: P.CKA_CLASS, value: P.CKO_PRIVATE_KEY },
      { type: P.CKA_PRIVATE, value: true },
      { type: P.CKA_SENSITIVE, value: true },
      { type: P.CKA_EXTRACTABLE, value: false },
      { type: P.CKA_SIGN, value: true },
    ];
    const pub = [...common, { type: P.CKA_CLASS, value: P.CKO_PUBLIC_KEY }, { type: P.CKA_PRIVATE, value: false }, { type: P.CKA_VERIFY, value: true }];
    let mechanism: number;
    if (algorithm.kind === 'EC') {
      mechanism = P.CKM_EC_KEY_PAIR_GEN;
      pub.push({ type: P.CKA_KEY_TYPE, value: P.CKK_EC }, { type: P.CKA_EC_PARAMS, value: ecParamsDer(algorithm.curve) } as never);
      priv.push({ type: P.CKA_KEY_TYPE, value: P.CKK_EC } as never);
    } else {
      mechanism = P.CKM_RSA_PKCS_KEY_PAIR_GEN;
      pub.push(
        { type: P.CKA_KEY_TYPE, value: P.CKK_RSA },
        { type: P.CKA_MODULUS_BITS, value: algorithm.modulusBits },
        { type: P.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) } as never,
      );
      priv.push({ type: P.CKA_KEY_TYPE, value: P.CKK_RSA } as never);
    }
    const started = performance.now();
    let keys: pkcs11js.KeyPair;
    try {
      keys = await this.api.C_GenerateKeyPairAsync(session, { mechanism }, pub, priv);
    } catch (e) {
      throw this.fail(e, 'generateKeyPair');
    }
    const publicKeySpki = this.publicKeySpki(session, keys.publicKey);
    this.log.info({ serial: this.serialNumber, kind: algorithm.kind, ms: Math.round(performance.now() - started) }, 'key pair generated');
    return {
      id: id.toString('hex'),
      publicKeySpki,
      algorithm: algorithm.kind === 'EC' ? 'ECDSA-P256-SHA256' : 'RSA-PKCS1-SHA256',
    };
  }

  /** PKCS#10 request for the token key `id`, signed on the token (requires login). */
  async createCsr(id: string, subject: SubjectFields): Promise<string> {
    const session = this.requireSession();
    const pubHandle = this.find(session, [
      { type: P.CKA_CLASS, value: P.CKO_PUBLIC_KEY },
      { type: P.CKA_ID, value: Buffer.from(id, 'hex') },
    ])[0];
    if (!pubHandle) throw new KeyError('NO_PRIVATE_KEY', MESSAGES.noPrivateKey);
    const csr = await buildCsr({ subject, signer: this.rawSigner(id, this.publicKeySpki(session, pubHandle)) });
    return csr.toString('pem');
  }

  /**
   * Stores the certificate (PEM or DER) next to its key pair (same CKA_ID), replacing an older
   * certificate of that key. Refuses a certificate whose public key is not the token's key `id`.
   */
  async writeCertificate(certificate: string | Uint8Array, options: { id: string; label?: string }): Promise<void> {
    const session = this.requireSession();
    const cert = new x509.X509Certificate(typeof certificate === 'string' ? certificate : toArrayBuffer(certificate));
    const id = Buffer.from(options.id, 'hex');
    const pubHandle = this.find(session, [
      { type: P.CKA_CLASS, value: P.CKO_PUBLIC_KEY },
      { type: P.CKA_ID, value: id },
    ])[0];
    if (!pubHandle) throw new KeyError('NO_PRIVATE_KEY', MESSAGES.noPrivateKey);
    if (!Buffer.from(cert.publicKey.rawData).equals(this.publicKeySpki(session, pubHandle))) {
      throw new KeyError('CERT_INVALID', '证书中的公钥与密钥中的密钥对不一致，不能写入。请确认证书是为这把密钥签发的。');
    }
    try {
      for (const old of this.find(session, [{ type: P.CKA_CLASS, value: P.CKO_CERTIFICATE }, { type: P.CKA_ID, value: id }])) {
        this.api.C_DestroyObject(session, old);
      }
      this.api.C_CreateObject(session, [
        { type: P.CKA_CLASS, value: P.CKO_CERTIFICATE },
        { type: P.CKA_CERTIFICATE_TYPE, value: P.CKC_X_509 },
        { type: P.CKA_TOKEN, value: true },
        { type: P.CKA_PRIVATE, value: false },
        { type: P.CKA_LABEL, value: options.label ?? '电子编制管理证' },
        { type: P.CKA_ID, value: id },
        { type: P.CKA_SUBJECT, value: Buffer.from(cert.subjectName.toArrayBuffer()) },
        { type: P.CKA_ISSUER, value: Buffer.from(cert.issuerName.toArrayBuffer()) },
        { type: P.CKA_VALUE, value: Buffer.from(cert.rawData) },
      ]);
    } catch (e) {
      throw this.fail(e, 'writeCertificate');
    }
    this.signingKey = null;
    this.log.info({ serial: this.serialNumber, certSerial: normaliseSerial(cert.serialNumber) }, 'certificate written');
  }

  async close(): Promise<void> {
    await this.logout();
    if (this.options.ownsModule) this.options.module.close();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private openSession(): Buffer {
    try {
      return this.api.C_OpenSession(this.currentSlot(), P.CKF_SERIAL_SESSION | P.CKF_RW_SESSION);
    } catch (e) {
      throw this.fail(e, 'openSession');
    }
  }

  private closeQuietly(session: Buffer): void {
    try {
      this.api.C_CloseSession(session);
    } catch {
      /* already gone */
    }
  }

  private requireSession(): Buffer {
    if (!this.session) throw new KeyError('NOT_LOGGED_IN', MESSAGES.notLoggedIn);
    return this.session;
  }

  /** Maps an error; a vanished device or session drops every session so nothing stale is reused. */
  private fail(e: unknown, operation: string): KeyError {
    const err = toKeyError(e);
    if (err.code === 'KEY_REMOVED' || err.code === 'SESSION_INVALID') this.dropSessions();
    this.log.warn({ serial: this.serialNumber, operation, code: err.code, ckr: err.ckr }, 'token operation failed');
    return err;
  }

  private withSession<T>(session: Buffer, fn: (s: Buffer) => T): T {
    try {
      return fn(session);
    } catch (e) {
      throw this.fail(e, 'read');
    }
  }

  /** Certificates are public objects: a session without login can read them. */
  private withReadSession<T>(fn: (s: Buffer) => T): T {
    if (this.session) return this.withSession(this.session, fn);
    let session: Buffer;
    try {
      session = this.api.C_OpenSession(this.currentSlot(), P.CKF_SERIAL_SESSION);
    } catch (e) {
      throw this.fail(e, 'openSession');
    }
    try {
      return this.withSession(session, fn);
    } finally {
      this.closeQuietly(session);
    }
  }

  private find(session: Buffer, template: pkcs11js.Template, max = 64): Buffer[] {
    this.api.C_FindObjectsInit(session, template);
    try {
      return this.api.C_FindObjects(session, max);
    } finally {
      this.api.C_FindObjectsFinal(session);
    }
  }

  private findCertificates(session: Buffer): Array<{ id: string; der: Buffer }> {
    const handles = this.find(session, [
      { type: P.CKA_CLASS, value: P.CKO_CERTIFICATE },
      { type: P.CKA_CERTIFICATE_TYPE, value: P.CKC_X_509 },
    ]);
    return handles.map((h) => {
      const [id, value] = this.api.C_GetAttributeValue(session, h, [{ type: P.CKA_ID }, { type: P.CKA_VALUE }]);
      return { id: (id?.value ?? Buffer.alloc(0)).toString('hex'), der: value?.value ?? Buffer.alloc(0) };
    });
  }

  private signingKeyFor(session: Buffer, id: string): SigningKey {
    if (this.signingKey) return this.signingKey;
    const handles = this.withSession(session, (s) =>
      this.find(s, [
        { type: P.CKA_CLASS, value: P.CKO_PRIVATE_KEY },
        { type: P.CKA_ID, value: Buffer.from(id, 'hex') },
      ]),
    );
    const handle = handles[0];
    if (!handle) throw new KeyError('NO_PRIVATE_KEY', MESSAGES.noPrivateKey);
    const [type] = this.withSession(session, (s) => this.api.C_GetAttributeValue(s, handle, [{ type: P.CKA_KEY_TYPE }]));
    const keyType = type?.value ? ulong(type.value) : -1;
    let algorithm: SignatureAlgorithm;
    if (keyType === P.CKK_EC) algorithm = 'ECDSA-P256-SHA256';
    else if (keyType === P.CKK_RSA) algorithm = 'RSA-PKCS1-SHA256';
    else throw new KeyError('MECHANISM_UNSUPPORTED', `密钥中的私钥类型（${keyType}）本系统不支持。请联系编办。`);
    this.signingKey = { handle, algorithm };
    return this.signingKey;
  }

  /** DER SubjectPublicKeyInfo of a public key object, via JWK so no ASN.1 is assembled by hand. */
  private publicKeySpki(session: Buffer, handle: Buffer): Buffer {
    const attrs = this.withSession(session, (s) =>
      this.api.C_GetAttributeValue(s, handle, [{ type: P.CKA_KEY_TYPE }]),
    );
    const keyType = attrs[0]?.value ? ulong(attrs[0].value) : -1;
    if (keyType === P.CKK_EC) {
      const [point] = this.withSession(session, (s) => this.api.C_GetAttributeValue(s, handle, [{ type: P.CKA_EC_POINT }]));
      const raw = unwrapEcPoint(point?.value ?? Buffer.alloc(0));
      const x = raw.subarray(1, 33);
      const y = raw.subarray(33, 65);
      const jwk = { kty: 'EC', crv: 'P-256', x: x.toString('base64url'), y: y.toString('base64url') };
      return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
    }
    const [n, e] = this.withSession(session, (s) =>
      this.api.C_GetAttributeValue(s, handle, [{ type: P.CKA_MODULUS }, { type: P.CKA_PUBLIC_EXPONENT }]),
    );
    const jwk = { kty: 'RSA', n: (n?.value ?? Buffer.alloc(0)).toString('base64url'), e: (e?.value ?? Buffer.alloc(0)).toString('base64url') };
    return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  }
}

/** A CK_ULONG attribute (4 or 8 bytes, host order — little endian on every platform we ship). */
function ulong(value: Buffer): number {
  return value.length >= 8 ? Number(value.readBigUInt64LE(0)) : value.readUInt32LE(0);
}

/** CKA_EC_PARAMS: the DER namedCurve OID. */
function ecParamsDer(curve: 'P-256'): Buffer {
  if (curve !== 'P-256') throw new KeyError('MECHANISM_UNSUPPORTED', `不支持的曲线 ${curve as string}`);
  return Buffer.from(AsnConvert.serialize(new ECParameters({ namedCurve: OID_P256 })));
}

/** CKA_EC_POINT is a DER OCTET STRING around the point (PKCS#11 v2.20+); some modules give it raw. */
function unwrapEcPoint(value: Buffer): Buffer {
  if (value.length === 65 && value[0] === 0x04) return value;
  return Buffer.from(AsnConvert.parse(value, OctetString).buffer);
}
