/**
 * The one PKCS#11 session layer of the project: the USB key (pkcs11-token.ts) and the server's CA key
 * (server/ca/pkcs11-signer.ts) both talk to their token through a `Pkcs11Session`.
 *
 * - Login: the PIN goes straight to C_Login and is never stored, logged or put into an error. Login
 *   state is per application and token, so when another session of this process is already logged in
 *   the token answers CKR_USER_ALREADY_LOGGED_IN without looking at the PIN: we log out and check this
 *   PIN anyway — a login that did not verify the PIN is never accepted.
 * - One queue per token (module path + token serial), shared by every object of the process that
 *   uses the token: a session runs one operation at a time (a second C_SignInit or C_FindObjectsInit
 *   while C_SignAsync is under way fails with CKR_OPERATION_ACTIVE), and a login elsewhere must not
 *   land between another caller's find and sign.
 * - Object handles of private keys die with a logout (SoftHSM2 forgets them), so cached key handles are
 *   tagged with the token's login epoch, which every login, logout and session drop advances.
 * - Sign: hash in software, raw mechanism on the token (CKM_ECDSA, CKM_RSA_PKCS over the DigestInfo) —
 *   what every vendor module implements. The algorithm is a parameter (SIGNING), so SM2 is one more row.
 */
import { createPublicKey, randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ECParameters } from '@peculiar/asn1-ecc';
import { ckrName, KeyError, MESSAGES, toKeyError } from './key-errors';
import type { KeyAlgorithm, SignatureAlgorithm, TokenSummary } from './key-types';
import { nativeLogger, type Logger } from './logger';
import { pkcs11js, type LoadedModule, type Pkcs11Api } from './pkcs11-module';
import { findSlot, pinStateOf, tokenSummaryOf, type SlotSelector } from './pkcs11-slots';
import { signingInput } from './signing';

const P = pkcs11js;
const OID_P256 = '1.2.840.10045.3.1.7';

/** How each signature algorithm is made on a token: key type, raw mechanism, and the bytes it signs. */
const SIGNING: Record<SignatureAlgorithm, { keyType: number; mechanism: number }> = {
  'ECDSA-P256-SHA256': { keyType: P.CKK_EC, mechanism: P.CKM_ECDSA },
  'RSA-PKCS1-SHA256': { keyType: P.CKK_RSA, mechanism: P.CKM_RSA_PKCS },
};

/** A private key on the token, with the algorithm its key type signs with. */
export interface SigningKey {
  handle: Buffer;
  algorithm: SignatureAlgorithm;
}

/** Selects a key pair's objects: by CKA_ID (hex; the USB key) or by CKA_LABEL (the CA key). */
export type KeySelector = { id: string } | { label: string };

export interface GeneratedObjects {
  /** CKA_ID shared by the private and the public key; hex. */
  id: string;
  privateKey: Buffer;
  publicKey: Buffer;
  algorithm: SignatureAlgorithm;
}

interface TokenLine {
  /** Settles (never rejects) when the last queued operation is done. */
  tail: Promise<void>;
  /** Advanced by every login, logout and session drop: key handles from an older epoch are stale. */
  epoch: number;
}
const lines = new Map<string, TokenLine>();

function lineOf(key: string): TokenLine {
  let line = lines.get(key);
  if (!line) {
    line = { tail: Promise.resolve(), epoch: 0 };
    lines.set(key, line);
  }
  return line;
}

export interface Pkcs11SessionOptions {
  module: LoadedModule;
  slot?: SlotSelector;
  logger?: Logger;
  /** Log component name (`pkcs11-token`, `ca-signer`). */
  component?: string;
}

export class Pkcs11Session {
  /** Token serial: the token's identity across re-plugging, and its queue's name. */
  readonly serialNumber: string;
  readonly label: string;
  readonly api: Pkcs11Api;
  private readonly log: Logger;
  private readonly line: TokenLine;
  private slot: Buffer;
  private session: Buffer | null = null;
  private keys = new Map<string, SigningKey & { epoch: number }>();

  constructor(options: Pkcs11SessionOptions) {
    this.api = options.module.api;
    this.log = (options.logger ?? nativeLogger()).child({ component: options.component ?? 'pkcs11-session' });
    this.slot = findSlot(this.api, options.slot);
    const t = tokenSummaryOf(this.api.C_GetTokenInfo(this.slot));
    this.serialNumber = t.serialNumber;
    this.label = t.label;
    this.line = lineOf(`${options.module.path}\0${t.serialNumber}`);
  }

  /**
   * Runs `fn` once every earlier operation on this token (by any object in this process) is done.
   * `fn` must not queue another operation on the same token and wait for it: that would wait forever.
   */
  exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.line.tail.then(fn);
    this.line.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The token's slot now: a re-plugged key may sit in another slot, so it is re-found by serial. */
  currentSlot(): Buffer {
    try {
      this.api.C_GetTokenInfo(this.slot);
      return this.slot;
    } catch {
      this.slot = findSlot(this.api, { serialNumber: this.serialNumber });
      return this.slot;
    }
  }

  tokenInfo(): TokenSummary {
    try {
      return tokenSummaryOf(this.api.C_GetTokenInfo(this.currentSlot()));
    } catch (e) {
      throw this.fail(e, 'tokenInfo');
    }
  }

  get loggedIn(): boolean {
    return this.session !== null;
  }

  /** Opens this object's R/W session and logs the user in with `pin`, checking the PIN in every case. */
  login(pin: string): Promise<void> {
    return this.exclusive(() => {
      const info = this.tokenInfo();
      if (!info.initialized) throw new KeyError('TOKEN_NOT_INITIALIZED', MESSAGES.tokenNotInitialized);
      if (!info.userPinInitialized) throw new KeyError('PIN_NOT_INITIALIZED', MESSAGES.pinNotInitialized);
      if (info.pin.locked) throw new KeyError('PIN_LOCKED', MESSAGES.pinLocked);
      this.endSession();
      const session = this.openSession();
      // A PIN pad (protected authentication path) takes the PIN on the device: pass none.
      const pinArg = info.protectedAuthPath ? undefined : pin;
      this.line.epoch += 1;
      try {
        try {
          this.api.C_Login(session, P.CKU_USER, pinArg);
        } catch (e) {
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
      this.log.info({ serial: this.serialNumber }, 'logged in');
    });
  }

  /** Logs out and closes this object's session (after the operations already queued). */
  logout(): Promise<void> {
    return this.exclusive(() => {
      if (this.endSession()) this.log.info({ serial: this.serialNumber }, 'logged out');
    });
  }

  /** Closes every session on the token at once, without waiting for the queue or the device. */
  dropSessions(): void {
    const had = this.session !== null;
    this.session = null;
    this.line.epoch += 1;
    try {
      this.api.C_CloseAllSessions(this.slot);
    } catch {
      /* device removed: the module has already forgotten them */
    }
    if (had) this.log.info({ serial: this.serialNumber }, 'sessions dropped');
  }

  /** Runs `fn` (queued) with the logged-in session; NOT_LOGGED_IN without one. */
  withLogin<T>(operation: string, fn: (session: Buffer) => T | Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const session = this.session;
      if (!session) throw new KeyError('NOT_LOGGED_IN', MESSAGES.notLoggedIn);
      try {
        return await fn(session);
      } catch (e) {
        throw this.fail(e, operation);
      }
    });
  }

  /**
   * Runs `fn` (queued) with the logged-in session, or without login in a session of its own — enough
   * for public objects (certificates) and for C_SetPIN (`rw`). With `pinOf`, failures are read as a
   * PIN check on that token (the message says how many tries remain).
   */
  withAnySession<T>(operation: string, fn: (session: Buffer) => T | Promise<T>, options: { rw?: boolean; pinOf?: TokenSummary } = {}): Promise<T> {
    return this.exclusive(async () => {
      const own = this.session === null;
      const session = this.session ?? this.openSession(options.rw ? P.CKF_SERIAL_SESSION | P.CKF_RW_SESSION : P.CKF_SERIAL_SESSION);
      try {
        return await fn(session);
      } catch (e) {
        if (!options.pinOf) throw this.fail(e, operation);
        const err = this.afterPinFailure(e, options.pinOf);
        this.log.warn({ serial: this.serialNumber, operation, code: err.code, ckr: err.ckr }, 'PIN refused');
        throw err;
      } finally {
        if (own) this.closeQuietly(session);
      }
    });
  }

  /** Maps a PIN failure, re-reading the flags so the message can say how many tries remain. */
  private afterPinFailure(e: unknown, before: TokenSummary): KeyError {
    let pinState;
    try {
      pinState = pinStateOf(this.api.C_GetTokenInfo(this.slot).flags);
    } catch {
      pinState = undefined;
    }
    const err = toKeyError(e, { pinState, pinLength: { min: before.minPinLength, max: before.maxPinLength } });
    if (err.code === 'KEY_REMOVED' || err.code === 'SESSION_INVALID') this.dropSessions();
    return err;
  }

  // ── objects (call inside withLogin / withAnySession) ─────────────────────────────────────────

  find(session: Buffer, template: pkcs11js.Template, max = 64): Buffer[] {
    this.api.C_FindObjectsInit(session, template);
    try {
      return this.api.C_FindObjects(session, max);
    } finally {
      this.api.C_FindObjectsFinal(session);
    }
  }

  findCertificates(session: Buffer): Array<{ id: string; der: Buffer }> {
    const handles = this.find(session, [
      { type: P.CKA_CLASS, value: P.CKO_CERTIFICATE },
      { type: P.CKA_CERTIFICATE_TYPE, value: P.CKC_X_509 },
    ]);
    return handles.map((h) => {
      const [id, value] = this.api.C_GetAttributeValue(session, h, [{ type: P.CKA_ID }, { type: P.CKA_VALUE }]);
      return { id: (id?.value ?? Buffer.alloc(0)).toString('hex'), der: value?.value ?? Buffer.alloc(0) };
    });
  }

  /** The first object of `cls` (CKO_PRIVATE_KEY, CKO_PUBLIC_KEY, CKO_CERTIFICATE) selected by `key`. */
  findObject(session: Buffer, cls: number, key: KeySelector): Buffer | undefined {
    const by = 'id' in key ? { type: P.CKA_ID, value: Buffer.from(key.id, 'hex') } : { type: P.CKA_LABEL, value: key.label };
    return this.find(session, [{ type: P.CKA_CLASS, value: cls }, by], 1)[0];
  }

  /** The private key selected by `key` and its algorithm; the handle is reused until the next login. */
  signingKey(session: Buffer, key: KeySelector): SigningKey {
    const name = 'id' in key ? `id:${key.id}` : `label:${key.label}`;
    const cached = this.keys.get(name);
    if (cached && cached.epoch === this.line.epoch) return cached;
    const handle = this.findObject(session, P.CKO_PRIVATE_KEY, key);
    if (!handle) throw new KeyError('NO_PRIVATE_KEY', MESSAGES.noPrivateKey);
    const [type] = this.api.C_GetAttributeValue(session, handle, [{ type: P.CKA_KEY_TYPE }]);
    const keyType = type?.value ? ulong(type.value) : -1;
    const algorithm = (Object.keys(SIGNING) as SignatureAlgorithm[]).find((a) => SIGNING[a].keyType === keyType);
    if (!algorithm) throw new KeyError('MECHANISM_UNSUPPORTED', `密钥中的私钥类型（${keyType}）本系统不支持。请联系编办。`);
    const found = { handle, algorithm, epoch: this.line.epoch };
    this.keys.set(name, found);
    return found;
  }

  /** Hash-then-sign `data` with `key`: ECDSA gives raw r||s, RSA the PKCS#1 v1.5 signature. */
  async sign(session: Buffer, key: SigningKey, data: Uint8Array): Promise<Buffer> {
    const started = performance.now();
    this.api.C_SignInit(session, { mechanism: SIGNING[key.algorithm].mechanism }, key.handle);
    // The async variant runs on libuv's pool: a slow hardware key must not freeze the window.
    const out = await this.api.C_SignAsync(session, signingInput(key.algorithm, data), Buffer.alloc(1024));
    this.log.debug({ serial: this.serialNumber, alg: key.algorithm, ms: Math.round(performance.now() - started) }, 'signed');
    return out;
  }

  /**
   * Generates a key pair on the token (requires login). The private key is token-resident, private,
   * sensitive and never extractable: no one — not even the bianban — can copy it. The pair is
   * sign-only: the private key cannot decrypt, unwrap or derive, the public key cannot encrypt or
   * wrap, so a signing key is never also a decryption oracle (tokens default these to true).
   */
  async generateKeyPair(session: Buffer, algorithm: KeyAlgorithm, options: { label: string; id?: string }): Promise<GeneratedObjects> {
    const id = Buffer.from(options.id ?? randomBytes(20).toString('hex'), 'hex');
    const common = [
      { type: P.CKA_TOKEN, value: true },
      { type: P.CKA_ID, value: id },
      { type: P.CKA_LABEL, value: options.label },
    ];
    const priv: pkcs11js.Template = [
      ...common,
      { type: P.CKA_CLASS, value: P.CKO_PRIVATE_KEY },
      { type: P.CKA_PRIVATE, value: true },
      { type: P.CKA_SENSITIVE, value: true },
      { type: P.CKA_EXTRACTABLE, value: false },
      { type: P.CKA_SIGN, value: true },
      { type: P.CKA_DECRYPT, value: false },
      { type: P.CKA_UNWRAP, value: false },
      { type: P.CKA_DERIVE, value: false },
    ];
    const pub: pkcs11js.Template = [
      ...common,
      { type: P.CKA_CLASS, value: P.CKO_PUBLIC_KEY },
      { type: P.CKA_PRIVATE, value: false },
      { type: P.CKA_VERIFY, value: true },
      { type: P.CKA_ENCRYPT, value: false },
      { type: P.CKA_WRAP, value: false },
    ];
    let mechanism: number;
    if (algorithm.kind === 'EC') {
      mechanism = P.CKM_EC_KEY_PAIR_GEN;
      pub.push({ type: P.CKA_KEY_TYPE, value: P.CKK_EC }, { type: P.CKA_EC_PARAMS, value: ecParamsDer(algorithm.curve) });
      priv.push({ type: P.CKA_KEY_TYPE, value: P.CKK_EC });
    } else {
      mechanism = P.CKM_RSA_PKCS_KEY_PAIR_GEN;
      pub.push(
        { type: P.CKA_KEY_TYPE, value: P.CKK_RSA },
        { type: P.CKA_MODULUS_BITS, value: algorithm.modulusBits },
        { type: P.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
      );
      priv.push({ type: P.CKA_KEY_TYPE, value: P.CKK_RSA });
    }
    const started = performance.now();
    const keys = await this.api.C_GenerateKeyPairAsync(session, { mechanism }, pub, priv);
    this.log.info({ serial: this.serialNumber, kind: algorithm.kind, ms: Math.round(performance.now() - started) }, 'key pair generated');
    return {
      id: id.toString('hex'),
      privateKey: keys.privateKey,
      publicKey: keys.publicKey,
      algorithm: algorithm.kind === 'EC' ? 'ECDSA-P256-SHA256' : 'RSA-PKCS1-SHA256',
    };
  }

  /** DER SubjectPublicKeyInfo of a public key object, via JWK so no ASN.1 is assembled by hand. */
  publicKeySpki(session: Buffer, handle: Buffer): Buffer {
    const [type] = this.api.C_GetAttributeValue(session, handle, [{ type: P.CKA_KEY_TYPE }]);
    const keyType = type?.value ? ulong(type.value) : -1;
    if (keyType === P.CKK_EC) {
      const [point] = this.api.C_GetAttributeValue(session, handle, [{ type: P.CKA_EC_POINT }]);
      const raw = unwrapEcPoint(point?.value ?? Buffer.alloc(0));
      const x = raw.subarray(1, 33);
      const y = raw.subarray(33, 65);
      const jwk = { kty: 'EC', crv: 'P-256', x: x.toString('base64url'), y: y.toString('base64url') };
      return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
    }
    const [n, e] = this.api.C_GetAttributeValue(session, handle, [{ type: P.CKA_MODULUS }, { type: P.CKA_PUBLIC_EXPONENT }]);
    const jwk = { kty: 'RSA', n: (n?.value ?? Buffer.alloc(0)).toString('base64url'), e: (e?.value ?? Buffer.alloc(0)).toString('base64url') };
    return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  /** Maps any token failure to a KeyError, dropping the sessions when the device or session is gone. */
  private fail(e: unknown, operation: string): KeyError {
    const err = toKeyError(e);
    if (err.code === 'KEY_REMOVED' || err.code === 'SESSION_INVALID') this.dropSessions();
    this.log.warn({ serial: this.serialNumber, operation, code: err.code, ckr: err.ckr }, 'token operation failed');
    return err;
  }

  private openSession(flags = P.CKF_SERIAL_SESSION | P.CKF_RW_SESSION): Buffer {
    try {
      return this.api.C_OpenSession(this.currentSlot(), flags);
    } catch (e) {
      throw this.fail(e, 'openSession');
    }
  }

  /** Logs out and closes this object's session; true when there was one. */
  private endSession(): boolean {
    const session = this.session;
    this.session = null;
    if (!session) return false;
    this.line.epoch += 1;
    try {
      this.api.C_Logout(session);
    } catch {
      /* the device may be gone: the session is dropped either way */
    }
    this.closeQuietly(session);
    return true;
  }

  private closeQuietly(session: Buffer): void {
    try {
      this.api.C_CloseSession(session);
    } catch {
      /* already gone */
    }
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
