/**
 * The shared PKCS#11 session layer on a real SoftHSM2 token: operations on one token are queued, so
 * 32 concurrent signatures (with a second object logging in on the same token in the middle, like a
 * background sync login overlapping a submit) all succeed; and a login never skips the PIN check
 * when the token is already logged in by another session of this process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSoftHsmDir, tokenLoggedIn, type SoftHsmDir } from './helpers/softhsm';
import { provisionToken } from './helpers/provision';
import { loadPkcs11Module, type LoadedModule } from '../../native/pkcs11-module';
import { Pkcs11Token } from '../../native/pkcs11-token';
import { Pkcs11Session } from '../../native/pkcs11-session';
import { DevCa } from '../../native/dev-ca';
import { verifyEnvelope } from '../../native/signing';

const SO = '87654321';
const PIN = '246813';
let hsm: SoftHsmDir;
let caDir: string;
let module: LoadedModule;
let serialNumber: string;
let rsaSerial: string;

beforeAll(async () => {
  hsm = makeSoftHsmDir();
  caDir = mkdtempSync(join(tmpdir(), 'ebz-ca-'));
  module = loadPkcs11Module();
  const ca = await DevCa.open(caDir);
  serialNumber = (await provisionToken({ module, ca, label: 'queue-ec', soPin: SO, pin: PIN })).serialNumber;
  rsaSerial = (await provisionToken({ module, ca, label: 'queue-rsa', soPin: SO, pin: PIN, algorithm: { kind: 'RSA', modulusBits: 2048 } })).serialNumber;
}, 60_000);

afterAll(() => {
  module?.close();
  hsm?.remove();
  rmSync(caDir, { recursive: true, force: true });
});

describe('one queue per token', () => {
  it.each([
    ['ECDSA P-256', () => serialNumber],
    ['RSA-2048', () => rsaSerial],
  ])('32 concurrent signatures (%s) all succeed, with another object logging in on the token meanwhile', async (_alg, serial) => {
    const token = new Pkcs11Token({ module, slot: { serialNumber: serial() } });
    const background = new Pkcs11Token({ module, slot: { serialNumber: serial() } });
    await token.login(PIN);
    try {
      const pem = (await token.certificatePem())!;
      const messages = Array.from({ length: 32 }, (_, i) => new TextEncoder().encode(`{"request":${i}}`));
      const signing = messages.map((m) => token.sign(m));
      const results = await Promise.allSettled([...signing.slice(0, 16), background.login(PIN), ...signing.slice(16)]);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const envelopes = await Promise.all(signing);
      envelopes.forEach((env, i) => expect(verifyEnvelope(messages[i]!, env, pem)).toBe(true));
      // Reads and signatures queued together with the certificate lookups still come back right.
      const mixed = await Promise.all([token.certificatePem(), token.sign(messages[0]!), background.sign(messages[1]!), token.getIdentity()]);
      expect(mixed[0]).toBe(pem);
    } finally {
      await background.logout();
      await token.logout();
    }
  });
});

describe('login re-checks the PIN', () => {
  it('refuses a wrong PIN although another session of this process has the token logged in', async () => {
    const first = new Pkcs11Session({ module, slot: { serialNumber } });
    await first.login(PIN);
    expect(tokenLoggedIn(module.api, { serialNumber })).toBe(true);
    const second = new Pkcs11Session({ module, slot: { serialNumber } });
    await expect(second.login('000000')).rejects.toMatchObject({ code: 'PIN_INCORRECT', message: expect.stringMatching(/PIN 码错误/) });
    expect(second.loggedIn).toBe(false);
    // The right PIN is accepted and the first session's key works again.
    await second.login(PIN);
    const signature = await first.withLogin('sign', (s) => first.sign(s, first.signingKey(s, { label: '电子编制管理证' }), new Uint8Array([1, 2, 3])));
    expect(signature.length).toBe(64);
    await second.logout();
    await first.logout();
  });
});
