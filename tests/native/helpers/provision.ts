/** Provisions a SoftHSM2 token the way `ebz token init` does: blank slot → key pair → certificate. */
import type { DevCa } from '../../../native/dev-ca';
import type { KeyAlgorithm, KeyRole } from '../../../native/key-types';
import type { LoadedModule } from '../../../native/pkcs11-module';
import { Pkcs11Token } from '../../../native/pkcs11-token';
import { initToken } from '../../../native/token-admin';
import type { Logger } from '../../../native/logger';

export interface ProvisionParams {
  module: LoadedModule;
  ca: DevCa;
  label: string;
  soPin: string;
  pin: string;
  role?: KeyRole;
  algorithm?: KeyAlgorithm;
  unitName?: string;
  creditCode?: string;
  jurisdiction?: string;
  validityDays?: number;
  notBefore?: Date;
  logger?: Logger;
}

export async function provisionToken(p: ProvisionParams): Promise<{ token: Pkcs11Token; keyId: string; serialNumber: string }> {
  const { serialNumber } = initToken(p.module.api, { label: p.label, soPin: p.soPin, userPin: p.pin, logger: p.logger });
  const token = new Pkcs11Token({ module: p.module, slot: { serialNumber }, logger: p.logger });
  await token.login(p.pin);
  const pair = await token.generateKeyPair({ algorithm: p.algorithm });
  const subject = { commonName: p.unitName ?? '某某县财政局', organization: p.unitName ?? '某某县财政局', creditCode: p.creditCode ?? '11330100002482070U' };
  const csr = await token.createCsr(pair.id, subject);
  const cert = await p.ca.issue({
    csr,
    subject,
    role: p.role ?? 'unit',
    jurisdiction: p.jurisdiction ?? '330100',
    validityDays: p.validityDays,
    notBefore: p.notBefore,
  });
  await token.writeCertificate(cert.toString('pem'), { id: pair.id });
  await token.logout();
  return { token, keyId: pair.id, serialNumber };
}
