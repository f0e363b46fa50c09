/**
 * SoftHSM2 for the server tests: a throwaway token directory (scripts/softhsm-token.sh) and unit /
 * reviewer keys provisioned through the key layer (native/), exactly as `ebz token init` would.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../../domain/crypto/signature';
import { loadPkcs11Module, SOFTHSM2_MODULE, type LoadedModule } from '../../../native/pkcs11-module';
import { Pkcs11Token } from '../../../native/pkcs11-token';
import { initToken } from '../../../native/token-admin';

const SCRIPT = fileURLToPath(new URL('../../../scripts/softhsm-token.sh', import.meta.url));
export const MODULE = SOFTHSM2_MODULE;

export interface SoftHsm {
  conf: string;
  module: LoadedModule;
  /** Initialises a token in the next free slot; returns its serial. */
  newToken(label: string, soPin: string, pin: string): string;
  remove(): void;
}

/** Must run before anything in the process loads the module: SoftHSM2 reads SOFTHSM2_CONF once. */
export function softHsm(): SoftHsm {
  const out = execFileSync('bash', [SCRIPT], { encoding: 'utf8' });
  const conf = /SOFTHSM2_CONF=(\S+)/.exec(out)?.[1];
  const dir = /SOFTHSM2_DIR=(\S+)/.exec(out)?.[1];
  if (!conf || !dir) throw new Error(`softhsm-token.sh printed no SOFTHSM2_CONF: ${out}`);
  process.env.SOFTHSM2_CONF = conf;
  const module = loadPkcs11Module(MODULE);
  return {
    conf,
    module,
    newToken: (label, soPin, pin) => initToken(module.api, { label, soPin, userPin: pin }).serialNumber,
    remove: () => {
      module.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A key on a token: generate the pair, make the CSR on the token, later store the issued certificate. */
export class TokenIdentity {
  private keyId = '';
  cert = '';
  serial = '';

  constructor(
    readonly name: string,
    readonly token: Pkcs11Token,
  ) {}

  static async create(hsm: SoftHsm, name: string, pin: string): Promise<TokenIdentity> {
    const serialNumber = hsm.newToken(name.slice(0, 16), `so-${pin}`, pin);
    const token = new Pkcs11Token({ module: hsm.module, slot: { serialNumber } });
    await token.login(pin);
    return new TokenIdentity(name, token);
  }

  async csr(): Promise<string> {
    const pair = await this.token.generateKeyPair();
    this.keyId = pair.id;
    return this.token.createCsr(pair.id, { commonName: this.name });
  }

  async storeCertificate(pem: string, serial: string): Promise<void> {
    await this.token.writeCertificate(pem, { id: this.keyId });
    this.cert = pem;
    this.serial = serial;
  }

  /** Signs canonicalJson(value) on the token. */
  sign(value: unknown): Promise<SignatureEnvelope> {
    return this.token.sign(new TextEncoder().encode(canonicalJson(value)));
  }
}
