/**
 * 证书管理 at the bianban's workstation: the reviewer's own key stays in one slot, a unit's key is inserted
 * in another. Issuing: blank token → initialised with the SO PIN and user PIN the officer present types
 * → key pair generated on the token → CSR → the server's CA issues (POST /api/v1/ca/certificates) →
 * certificate written back → 证书发放登记单. Replacing a lost key revokes the old certificate after the new
 * one is on its token. The PINs go to the token and are dropped (never logged, never answered).
 */
import type { Logger } from 'pino';
import type { Store } from '../../db/index';
import type { ResponseOf } from '../../domain/contract/channels';
import type { IssuedCertificate, TokenSlot } from '../../domain/contract/reviewer';
import { ApiError } from '../../domain/contract/errors';
import { describeSlots, Pkcs11Token } from '../../native/pkcs11-token';
import { loadPkcs11Module } from '../../native/pkcs11-module';
import { initToken, resetUserPin } from '../../native/token-admin';
import type { IssuedCertificateRow } from '../../domain/api/reviewer';
import { keyLogin, type HttpOptions, type ServerConnection } from '../connection';
import { registerSheetHtml } from './register-sheet';

const DAY = 86_400_000;

/** A certificate as the server lists or issues it (the issue answer has no unit name). */
type ServerCert = Omit<IssuedCertificateRow, 'unitName' | 'issuedAt' | 'bianbanId'> & { unitName?: string };

export interface CertificateDeskDeps {
  session: ServerConnection;
  store: Store;
  http: HttpOptions | null;
  modulePath: string;
  /** The certificate of the key the reviewer is logged in with: that token is marked, never offered for issuing. */
  ownCertificate: () => Promise<string | null>;
  now: () => Date;
  log: Logger;
}

export class CertificateDesk {
  constructor(private readonly d: CertificateDeskDeps) {}

  private view(c: ServerCert): IssuedCertificate {
    return {
      serial: c.serial,
      unitId: c.unitId,
      unitName: c.unitName ?? (c.unitId ? (this.d.store.units.get(c.unitId)?.name ?? '') : ''),
      holderName: c.holderName,
      role: c.role,
      notAfter: c.notAfter,
      revokedAt: c.revokedAt,
      daysLeft: Math.floor((Date.parse(c.notAfter) - this.d.now().getTime()) / DAY),
    };
  }

  private withModule<T>(fn: (m: ReturnType<typeof loadPkcs11Module>) => Promise<T>): Promise<T> {
    const m = loadPkcs11Module(this.d.modulePath, { logger: this.d.log });
    return fn(m).finally(() => m.close());
  }

  async tokens(): Promise<TokenSlot[]> {
    const own = await this.d.ownCertificate();
    return this.withModule(async (m) => {
      const out: TokenSlot[] = [];
      for (const s of describeSlots(m.api)) {
        const t = s.token;
        if (!s.tokenPresent || !t) continue;
        let isOwn = false;
        if (own && t.initialized) {
          // The certificate is readable without a login: compare it to the one the reviewer logged in with.
          const k = new Pkcs11Token({ module: loadPkcs11Module(this.d.modulePath, { logger: this.d.log }), slot: { serialNumber: t.serialNumber }, logger: this.d.log, ownsModule: true });
          isOwn = (await k.certificatePem().catch(() => null)) === own;
          await k.close();
        }
        out.push({ slotId: s.slotId, label: t.label, serialNumber: t.serialNumber, initialized: t.initialized, pinLocked: t.pin.locked, own: isOwn });
      }
      return out;
    });
  }

  async issue(req: { slotId: string; label: string; unitId: string; holderName: string; soPin: string; userPin: string; replaceSerial?: string }): Promise<ResponseOf<'reviewer:issue'>> {
    const unit = this.d.store.units.get(req.unitId);
    if (!unit) throw new ApiError('VALIDATION', '单位：本机数据中没有这个单位，请先同步后再选择', 'unitId');
    if (req.soPin === req.userPin) throw new ApiError('VALIDATION', '用户 PIN 码不能与管理员 PIN 码（SO PIN）相同', 'userPin');
    const slot = (await this.tokens()).find((s) => s.slotId === req.slotId);
    if (!slot) throw new ApiError('VALIDATION', '没有找到所选的密钥，请确认已插入后点击“刷新”', 'slotId');
    if (slot.initialized) throw new ApiError('VALIDATION', `所选密钥（${slot.label}）已经初始化，不是空白密钥；请插入空白密钥`, 'slotId');
    await (this.d.session.me ? Promise.resolve() : this.d.session.login());
    return this.withModule(async (m) => {
      const made = initToken(m.api, { label: req.label, soPin: req.soPin, userPin: req.userPin, slotId: req.slotId, logger: this.d.log });
      const token = new Pkcs11Token({ module: loadPkcs11Module(this.d.modulePath, { logger: this.d.log }), slot: { serialNumber: made.serialNumber }, logger: this.d.log, ownsModule: true });
      try {
        await token.login(req.userPin);
        const pair = await token.generateKeyPair({ label: '电子编制管理证' });
        const csr = await token.createCsr(pair.id, { commonName: unit.name, organization: unit.name, creditCode: unit.creditCode });
        const cert = await this.d.session.call('caIssue', { body: { csr, role: 'unit', unitId: unit.id, holderName: req.holderName } });
        await token.writeCertificate(cert.certificate, { id: pair.id, label: '电子编制管理证' });
        await token.logout();
        let revokedSerial: string | null = null;
        if (req.replaceSerial) {
          await this.d.session.call('caRevoke', { params: { serial: req.replaceSerial }, body: { reason: `补办新密钥（新证书 ${cert.serial}）` } });
          revokedSerial = req.replaceSerial;
        }
        const view = this.view({ ...cert, unitName: unit.name });
        const me = this.d.session.me;
        this.d.log.info({ serial: cert.serial, unitId: unit.id, token: made.serialNumber }, 'certificate issued onto token');
        return {
          certificate: view,
          tokenSerial: made.serialNumber,
          revokedSerial,
          registerHtml: registerSheetHtml({ unit, certificate: view, tokenSerial: made.serialNumber, tokenLabel: made.label, issuedBy: me?.holderName ?? '', revokedSerial, date: this.d.now() }),
        };
      } finally {
        await token.close();
      }
    });
  }

  /** Signs the server's challenge with the issued key, as its holder will: proves key, PIN and certificate work together. */
  async verifyToken(tokenSerial: string, pin: string): Promise<ResponseOf<'reviewer:verifyToken'>> {
    if (!this.d.http) throw new ApiError('OFFLINE', '未配置编办服务器地址，无法验证');
    const token = new Pkcs11Token({ module: loadPkcs11Module(this.d.modulePath, { logger: this.d.log }), slot: { serialNumber: tokenSerial }, logger: this.d.log, ownsModule: true });
    try {
      await token.login(pin);
      try {
        const r = await keyLogin(this.d.http, { sign: (data) => token.sign(data), certificatePem: () => token.certificatePem() });
        const name = r.principal.unitId ? (this.d.store.units.get(r.principal.unitId)?.name ?? r.principal.unitId) : r.principal.holderName;
        return { ok: true, unitName: name, message: `登录成功：编办服务器确认这把密钥属于 ${name}` };
      } catch (e) {
        return { ok: false, unitName: '', message: `登录被拒绝：${e instanceof Error ? e.message : String(e)}` };
      } finally {
        await token.logout();
      }
    } finally {
      await token.close();
    }
  }

  async unlockPin(tokenSerial: string, soPin: string, newPin: string): Promise<void> {
    await this.withModule(async (m) => resetUserPin(m.api, { slot: { serialNumber: tokenSerial }, soPin, newPin, logger: this.d.log }));
  }

  async list(): Promise<IssuedCertificate[]> {
    const rows = await this.d.session.call('reviewerCertificates', {});
    return rows.map((c) => this.view(c));
  }

  async revoke(serial: string, reason: string): Promise<IssuedCertificate> {
    const c = await this.d.session.call('caRevoke', { params: { serial }, body: { reason } });
    return this.view(c);
  }
}
