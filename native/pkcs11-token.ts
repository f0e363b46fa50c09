/**
 * A USB key seen through PKCS#11: token and PIN state, login, the certificate and its key pair,
 * signing, and the provisioning steps the bianban performs (key pair generation on the token,
 * writing the certificate). Implements KeyService (key-types.ts).
 *
 * Sessions, login (with the PIN re-check), the per-token operation queue and signing are
 * pkcs11-session.ts's, shared with the server's CA key. One logged-in R/W session per token object,
 * opened by login() and dropped on logout, on removal, or on any error that says the session or
 * device is gone. The PIN is passed straight to C_Login / C_SetPIN and never stored; it is not a
 * field, not logged and not part of any error.
 */
import { X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from './x509';
import { KeyError, MESSAGES } from './key-errors';
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
import { pkcs11js, type LoadedModule } from './pkcs11-module';
import { describeSlots, type SlotSelector } from './pkcs11-slots';
import { Pkcs11Session } from './pkcs11-session';
import { assertIdentityValid, parseIdentity } from './identity';
import { normaliseSerial, toArrayBuffer, verifyEnvelope } from './signing';
import { buildCsr, type SubjectFields } from './certificate-profile';

// Slot discovery moved to pkcs11-slots.ts; re-exported for the callers that know it from here.
export { describeSlots, findSlot, pinStateOf, slotIdOf, tokenSummaryOf, type SlotSelector } from './pkcs11-slots';

const P = pkcs11js;

export interface GeneratedKeyPair {
  /** CKA_ID shared by the private key, public key and (later) the certificate; hex. */
  id: string;
  publicKeySpki: Buffer;
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
  private readonly log: Logger;
  private readonly token: Pkcs11Session;

  constructor(private readonly options: Pkcs11TokenOptions) {
    this.log = (options.logger ?? nativeLogger()).child({ component: 'pkcs11-token' });
    this.token = new Pkcs11Session({ module: options.module, slot: options.slot, logger: options.logger, component: 'pkcs11-token' });
    this.serialNumber = this.token.serialNumber;
    this.displayName = this.token.label || '电子编制管理证';
  }

  async listSlots(): Promise<SlotSummary[]> {
    return describeSlots(this.token.api);
  }

  async verify(data: Uint8Array, envelope: SignatureEnvelope): Promise<boolean> {
    const pem = envelope.certificate ?? (await this.certificatePem());
    if (!pem) throw new KeyError('NO_CERTIFICATE', MESSAGES.noCertificate);
    return verifyEnvelope(data, envelope, pem);
  }

  async tokenInfo(): Promise<TokenSummary> {
    return this.token.tokenInfo();
  }

  async pinState(): Promise<PinState> {
    return (await this.tokenInfo()).pin;
  }

  isLoggedIn(): boolean {
    return this.token.loggedIn;
  }

  login(pin: string): Promise<void> {
    return this.token.login(pin);
  }

  logout(): Promise<void> {
    return this.token.logout();
  }

  dropSessions(): void {
    this.token.dropSessions();
  }

  async certificatePem(): Promise<string | null> {
    const found = await this.token.withAnySession('read', (s) => this.token.findCertificates(s));
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

  /** Finds the certificate and its key and signs, as one operation in the token's queue. */
  async sign(data: Uint8Array, options: SignOptions = {}): Promise<SignatureEnvelope> {
    const { cert, algorithm, value } = await this.token.withLogin('sign', async (s) => {
      const certs = this.token.findCertificates(s);
      const first = certs[0];
      if (!first) throw new KeyError('NO_CERTIFICATE', MESSAGES.noCertificate);
      const key = this.token.signingKey(s, { id: first.id });
      return { cert: first, algorithm: key.algorithm, value: await this.token.sign(s, key, data) };
    });
    const parsed = new NodeX509(cert.der);
    const envelope: SignatureEnvelope = {
      alg: algorithm,
      certSerial: normaliseSerial(parsed.serialNumber),
      issuer: new x509.X509Certificate(toArrayBuffer(cert.der)).issuer,
      value: value.toString('base64'),
    };
    if (options.includeCertificate) envelope.certificate = parsed.toString();
    return envelope;
  }

  async changePin(oldPin: string, newPin: string): Promise<void> {
    const info = await this.tokenInfo();
    await this.token.withAnySession('changePin', (s) => this.token.api.C_SetPIN(s, oldPin, newPin), { rw: true, pinOf: info });
    this.log.info({ serial: this.serialNumber }, 'user PIN changed');
  }

  /**
   * Generates a key pair on the token (requires login). The private key is token-resident,
   * private, sensitive and never extractable: no one — not even the bianban — can copy it.
   */
  async generateKeyPair(options: { algorithm?: KeyAlgorithm; label?: string; id?: string } = {}): Promise<GeneratedKeyPair> {
    const algorithm = options.algorithm ?? DEFAULT_KEY_ALGORITHM;
    return this.token.withLogin('generateKeyPair', async (s) => {
      const made = await this.token.generateKeyPair(s, algorithm, { label: options.label ?? '电子编制管理证', id: options.id });
      return { id: made.id, publicKeySpki: this.token.publicKeySpki(s, made.publicKey), algorithm: made.algorithm };
    });
  }

  /** PKCS#10 request for the token key `id`, signed on the token (requires login). */
  async createCsr(id: string, subject: SubjectFields): Promise<string> {
    const signer = await this.token.withLogin('createCsr', (s): RawSigner => {
      const pub = this.token.findObject(s, P.CKO_PUBLIC_KEY, { id });
      if (!pub) throw new KeyError('NO_PRIVATE_KEY', MESSAGES.noPrivateKey);
      const key = this.token.signingKey(s, { id });
      return {
        algorithm: key.algorithm,
        publicKeySpki: this.token.publicKeySpki(s, pub),
        // Queued on its own: buildCsr runs outside the lookup above.
        sign: (data) => this.token.withLogin('sign', (s2) => this.token.sign(s2, this.token.signingKey(s2, { id }), data)),
      };
    });
    const csr = await buildCsr({ subject, signer });
    return csr.toString('pem');
  }

  /**
   * Stores the certificate (PEM or DER) next to its key pair (same CKA_ID), replacing an older
   * certificate of that key. Refuses a certificate whose public key is not the token's key `id`.
   */
  async writeCertificate(certificate: string | Uint8Array, options: { id: string; label?: string }): Promise<void> {
    const cert = new x509.X509Certificate(typeof certificate === 'string' ? certificate : toArrayBuffer(certificate));
    const id = Buffer.from(options.id, 'hex');
    await this.token.withLogin('writeCertificate', (s) => {
      const pub = this.token.findObject(s, P.CKO_PUBLIC_KEY, { id: options.id });
      if (!pub) throw new KeyError('NO_PRIVATE_KEY', MESSAGES.noPrivateKey);
      if (!Buffer.from(cert.publicKey.rawData).equals(this.token.publicKeySpki(s, pub))) {
        throw new KeyError('CERT_INVALID', '证书中的公钥与密钥中的密钥对不一致，不能写入。请确认证书是为这把密钥签发的。');
      }
      for (const old of this.token.find(s, [{ type: P.CKA_CLASS, value: P.CKO_CERTIFICATE }, { type: P.CKA_ID, value: id }])) {
        this.token.api.C_DestroyObject(s, old);
      }
      this.token.api.C_CreateObject(s, [
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
    });
    this.log.info({ serial: this.serialNumber, certSerial: normaliseSerial(cert.serialNumber) }, 'certificate written');
  }

  async close(): Promise<void> {
    await this.logout();
    if (this.options.ownsModule) this.options.module.close();
  }
}
