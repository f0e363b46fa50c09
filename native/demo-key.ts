/**
 * The demo key: a software key pair for laptops with no USB key and no PKCS#11 module. It honours
 * the KeyService contract exactly (PIN, login, identity, signature envelope), is labelled 演示密钥
 * everywhere, and its certificate carries the demo extension (OID_EBZ_DEMO) so a production-mode
 * server refuses it.
 *
 * Files, created on first use under `<dataDir>/demo-key/`: `<role>-key.pem` (PKCS#8, encrypted with
 * the demo PIN — so a wrong PIN is refused by the key file itself, the same way a token refuses it),
 * `<role>-cert.pem`, and a development CA in `ca/`. The demo PIN is fixed and documented: 123456.
 */
import { createPrivateKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCsr, type SubjectFields } from './certificate-profile';
import { DevCa, keyObjectSigner } from './dev-ca';
import { assertIdentityValid, parseIdentity } from './identity';
import { KeyError, MESSAGES, wrongPinMessage } from './key-errors';
import type { KeyIdentity, KeyRole, KeyService, PinState, SignatureEnvelope, SignOptions, SlotSummary, TokenSummary } from './key-types';
import { nativeLogger, type Logger } from './logger';
import { normaliseSerial, verifyEnvelope } from './signing';
import { X509Certificate } from 'node:crypto';

export const DEMO_PIN = '123456';
export const DEMO_LABEL = '演示密钥';

const DEMO_SUBJECTS: Record<KeyRole, { subject: SubjectFields; jurisdiction: string }> = {
  unit: {
    subject: { commonName: '演示单位（演示密钥）', organization: '演示单位（演示密钥）', creditCode: '12330100MB0000000K' },
    jurisdiction: '330100',
  },
  reviewer: {
    subject: { commonName: '演示审核员（演示密钥）', organization: '演示编办（演示密钥）' },
    jurisdiction: '330100',
  },
};

const NO_FLAGS: PinState = { countLow: false, finalTry: false, locked: false, toBeChanged: false };

export interface DemoKeyOptions {
  /** The app's data folder (Electron `userData`, or ~/.ebz in browser mode). */
  dataDir: string;
  role?: KeyRole;
  logger?: Logger;
}

export class DemoKey implements KeyService {
  readonly kind = 'demo' as const;
  readonly displayName = DEMO_LABEL;
  private privateKey: KeyObject | null = null;
  private readonly log: Logger;

  private constructor(
    readonly role: KeyRole,
    private readonly keyPath: string,
    private readonly certPem: string,
    logger: Logger,
  ) {
    this.log = logger;
  }

  /** Opens the demo key for `role`, creating key, CA and certificate on first use. */
  static async open(options: DemoKeyOptions): Promise<DemoKey> {
    const role = options.role ?? 'unit';
    const log = (options.logger ?? nativeLogger()).child({ component: 'demo-key', role });
    const dir = join(options.dataDir, 'demo-key');
    const keyPath = join(dir, `${role}-key.pem`);
    const certPath = join(dir, `${role}-cert.pem`);
    if (!existsSync(keyPath) || !existsSync(certPath)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const ca = await DevCa.open(join(dir, 'ca'));
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const { subject, jurisdiction } = DEMO_SUBJECTS[role];
      const csr = await buildCsr({ subject, signer: keyObjectSigner(privateKey) });
      const cert = await ca.issue({ csr: csr.toString('pem'), subject, role, jurisdiction, demo: true, validityDays: 10 * 365 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: DEMO_PIN });
      writeFileSync(keyPath, pem, { mode: 0o600 });
      writeFileSync(certPath, cert.toString('pem'));
      log.info({ dir }, 'demo key created');
    }
    return new DemoKey(role, keyPath, readFileSync(certPath, 'utf8'), log);
  }

  async tokenInfo(): Promise<TokenSummary> {
    return {
      label: DEMO_LABEL,
      manufacturer: 'e-Bianzhi',
      model: '软件演示密钥',
      serialNumber: `demo-${this.role}`,
      initialized: true,
      userPinInitialized: true,
      loginRequired: true,
      protectedAuthPath: false,
      writeProtected: true,
      minPinLength: 6,
      maxPinLength: 32,
      pin: NO_FLAGS,
      flags: 0,
    };
  }

  async listSlots(): Promise<SlotSummary[]> {
    return [
      {
        slotId: 'demo',
        description: `${DEMO_LABEL}（软件，无硬件）`,
        manufacturer: 'e-Bianzhi',
        tokenPresent: true,
        removable: false,
        hardware: false,
        token: await this.tokenInfo(),
      },
    ];
  }

  async verify(data: Uint8Array, envelope: SignatureEnvelope): Promise<boolean> {
    return verifyEnvelope(data, envelope, envelope.certificate ?? this.certPem);
  }

  async pinState(): Promise<PinState> {
    return NO_FLAGS;
  }

  async login(pin: string): Promise<void> {
    try {
      this.privateKey = createPrivateKey({ key: readFileSync(this.keyPath, 'utf8'), format: 'pem', passphrase: pin });
    } catch {
      this.privateKey = null;
      this.log.warn({ code: 'PIN_INCORRECT' }, 'login refused');
      throw new KeyError('PIN_INCORRECT', wrongPinMessage(undefined));
    }
    this.log.info('logged in');
  }

  async logout(): Promise<void> {
    this.privateKey = null;
  }

  isLoggedIn(): boolean {
    return this.privateKey !== null;
  }

  dropSessions(): void {
    this.privateKey = null;
  }

  async certificatePem(): Promise<string> {
    return this.certPem;
  }

  async getIdentity(options: { now?: Date; allowInvalid?: boolean } = {}): Promise<KeyIdentity> {
    const identity = parseIdentity(this.certPem, { demo: true });
    if (!options.allowInvalid) assertIdentityValid(identity, options.now);
    return identity;
  }

  async sign(data: Uint8Array, options: SignOptions = {}): Promise<SignatureEnvelope> {
    if (!this.privateKey) throw new KeyError('NOT_LOGGED_IN', MESSAGES.notLoggedIn);
    const cert = new X509Certificate(this.certPem);
    const value = nodeSign('sha256', data, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    const identity = parseIdentity(this.certPem, { demo: true });
    const envelope: SignatureEnvelope = {
      alg: 'ECDSA-P256-SHA256',
      certSerial: normaliseSerial(cert.serialNumber),
      issuer: identity.issuer,
      value: value.toString('base64'),
    };
    if (options.includeCertificate) envelope.certificate = this.certPem;
    return envelope;
  }

  // The PINs are not looked at: the demo PIN cannot change.
  async changePin(_oldPin: string, _newPin: string): Promise<void> {
    throw new KeyError('INVALID_INPUT', `${DEMO_LABEL}的 PIN 码固定为 ${DEMO_PIN}，不能修改。正式使用请到编办领取电子编制管理证。`);
  }

  async close(): Promise<void> {
    this.privateKey = null;
  }
}
