/**
 * A throwaway SoftHSM2 token directory per test file, made by scripts/softhsm-token.sh.
 * SoftHSM2 reads SOFTHSM2_CONF at C_Initialize, so call this before loadPkcs11Module().
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pkcs11js, type Pkcs11Api } from '../../../native/pkcs11-module';
import { findSlot, type SlotSelector } from '../../../native/pkcs11-slots';

export const SCRIPT = fileURLToPath(new URL('../../../scripts/softhsm-token.sh', import.meta.url));

export interface SoftHsmDir {
  conf: string;
  dir: string;
  remove(): void;
}

export function makeSoftHsmDir(token?: { label: string; soPin: string; pin: string }): SoftHsmDir {
  const args = token ? ['--label', token.label, '--so-pin', token.soPin, '--pin', token.pin] : [];
  const out = execFileSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });
  const conf = /SOFTHSM2_CONF=(\S+)/.exec(out)?.[1];
  const dir = /SOFTHSM2_DIR=(\S+)/.exec(out)?.[1];
  if (!conf || !dir) throw new Error(`softhsm-token.sh printed no SOFTHSM2_CONF: ${out}`);
  process.env.SOFTHSM2_CONF = conf;
  return { conf, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * True when the token is logged in for this process: a fresh session's C_Login then answers
 * CKR_USER_ALREADY_LOGGED_IN without looking at the PIN (the case a login must re-check).
 */
export function tokenLoggedIn(api: Pkcs11Api, token: SlotSelector): boolean {
  const session = api.C_OpenSession(findSlot(api, token), pkcs11js.CKF_SERIAL_SESSION);
  try {
    api.C_Login(session, pkcs11js.CKU_USER, 'not-the-pin');
    api.C_Logout(session);
    return false;
  } catch (e) {
    return String(e).includes('CKR_USER_ALREADY_LOGGED_IN');
  } finally {
    api.C_CloseSession(session);
  }
}
