/**
 * The CA key on a real SoftHSM2 token, through the key layer's session module (native/pkcs11-session):
 * the CA checks its PIN even when the token is already logged in by another session of the process
 * (the CA's own copy used to accept CKR_USER_ALREADY_LOGGED_IN as success), and signatures made at the
 * same time on one token are queued, none failing with CKR_OPERATION_ACTIVE.
 */
import { webcrypto } from 'node:crypto';
import { inspect } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPkcs11Signer } from '../../server/ca/pkcs11-signer';
import { webAlgorithm, type CaSigner } from '../../server/ca/signer';
import { tokenLoggedIn } from '../native/helpers/softhsm';
import { MODULE, softHsm, type SoftHsm } from './helpers/softhsm';

const PIN = '975310';
let hsm: SoftHsm;
const open: CaSigner[] = [];

beforeAll(() => {
  hsm = softHsm();
  hsm.newToken('ca-recheck', 'so-ca-pin', PIN);
});
afterAll(async () => {
  for (const s of open) await s.close().catch(() => undefined);
  hsm?.remove();
});

async function openCa(pin: string): Promise<CaSigner> {
  const signer = await openPkcs11Signer({ modulePath: MODULE, pin, tokenLabel: 'ca-recheck', generate: true });
  open.push(signer);
  return signer;
}

async function verifies(signer: CaSigner, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return webcrypto.subtle.verify(webAlgorithm(signer.alg), signer.publicKey, new Uint8Array(signature), new Uint8Array(data));
}

describe('CA signer on a PKCS#11 token', () => {
  it('refuses a wrong PIN even while another session has the token logged in', async () => {
    const running = await openCa(PIN);
    expect(tokenLoggedIn(hsm.module.api, { label: 'ca-recheck' })).toBe(true);
    const err = await openCa('000000').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PIN_INCORRECT', message: expect.stringMatching(/^CA 令牌登录失败：PIN 不正确.*EBZ_CA_PIN/) });
    // The right PIN opens it again, and the running CA keeps signing with the same key.
    const again = await openCa(PIN);
    const data = new TextEncoder().encode('CA 签名');
    expect(await verifies(running, data, await running.sign(data))).toBe(true);
    expect(await verifies(running, data, await again.sign(data))).toBe(true);
  });

  it('32 concurrent signatures on one token all succeed (two signers sharing it)', async () => {
    const a = await openCa(PIN);
    const b = await openCa(PIN);
    const messages = Array.from({ length: 32 }, (_, i) => new TextEncoder().encode(`证书 ${i}`));
    const signatures = await Promise.all(messages.map((m, i) => (i % 2 ? a : b).sign(m)));
    for (const [i, sig] of signatures.entries()) expect(await verifies(a, messages[i]!, sig)).toBe(true);
  });

  it('names the token label and the options to check when the token is not there', async () => {
    await expect(openPkcs11Signer({ modulePath: MODULE, pin: PIN, tokenLabel: 'no-such-ca' })).rejects.toThrow(/未找到标签为“no-such-ca”的 PKCS#11 令牌，请检查 --ca-token 与 --ca-module/);
  });

  it('never logs the CA PIN or puts it into an error', async () => {
    const right = 'CaRight#Q7';
    const wrong = 'CaWrong#Z9';
    hsm.newToken('ca-secrecy', 'so-secrecy', right);
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const err = await openPkcs11Signer({ modulePath: MODULE, pin: wrong, tokenLabel: 'ca-secrecy', generate: true, logger }).catch((e: unknown) => e);
    const signer = await openPkcs11Signer({ modulePath: MODULE, pin: right, tokenLabel: 'ca-secrecy', generate: true, logger });
    await signer.sign(new Uint8Array([1]));
    await signer.close();
    const haystack = [...lines, inspect(err, { depth: 6, showHidden: true }), inspect(signer, { depth: 6, showHidden: true })].join('\n');
    expect(lines.some((l) => l.includes('login refused'))).toBe(true);
    expect(haystack).not.toContain(right);
    expect(haystack).not.toContain(wrong);
  });
});
