/**
 * The token against a real SoftHSM2 token made by this file's setup: login, wrong PIN, sign and
 * verify (EC and RSA), the private key cannot be read, certificate round trip, identity, PIN change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { makeSoftHsmDir, type SoftHsmDir } from './helpers/softhsm';
import { provisionToken } from './helpers/provision';
import { loadPkcs11Module, pkcs11js, type LoadedModule } from '../../native/pkcs11-module';
import type { Pkcs11Token } from '../../native/pkcs11-token';
import { describeSlots } from '../../native/pkcs11-token';
import { DevCa } from '../../native/dev-ca';
import { KeyError } from '../../native/key-errors';
import { verifyEnvelope } from '../../native/signing';

const SO = '87654321';
const PIN = '246813';
let hsm: SoftHsmDir;
let caDir: string;
let module: LoadedModule;
let ca: DevCa;
let ec: Pkcs11Token;
let rsa: Pkcs11Token;
let ecKeyId: string;

beforeAll(async () => {
  hsm = makeSoftHsmDir();
  caDir = mkdtempSync(join(tmpdir(), 'ebz-ca-'));
  module = loadPkcs11Module();
  ca = await DevCa.open(caDir);
  const a = await provisionToken({ module, ca, label: 'unit-ec', soPin: SO, pin: PIN });
  ec = a.token;
  ecKeyId = a.keyId;
  rsa = (await provisionToken({ module, ca, label: 'unit-rsa', soPin: SO, pin: PIN, algorithm: { kind: 'RSA', modulusBits: 2048 } })).token;
}, 60_000);

afterAll(async () => {
  await ec?.close();
  await rsa?.close();
  module?.close();
  hsm?.remove();
  rmSync(caDir, { recursive: true, force: true });
});

describe('slots and tokens', () => {
  it('lists the initialised tokens with their PIN flags and a blank slot', () => {
    const slots = describeSlots(module.api);
    const labels = slots.map((s) => s.token?.label);
    expect(labels).toContain('unit-ec');
    expect(labels).toContain('unit-rsa');
    const ecSlot = slots.find((s) => s.token?.label === 'unit-ec')!;
    expect(ecSlot.token).toMatchObject({ initialized: true, userPinInitialized: true, loginRequired: true });
    expect(ecSlot.token!.pin).toEqual({ countLow: false, finalTry: false, locked: false, toBeChanged: false });
    expect(slots.some((s) => s.tokenPresent && s.token && !s.token.initialized)).toBe(true);
  });
});

describe('login', () => {
  it('logs in with the right PIN and out again', async () => {
    await ec.login(PIN);
    expect(ec.isLoggedIn()).toBe(true);
    await ec.logout();
    expect(ec.isLoggedIn()).toBe(false);
  });

  it('refuses a wrong PIN with a Chinese message and does not log in', async () => {
    const err = await ec.login('000000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyError);
    expect((err as KeyError).code).toBe('PIN_INCORRECT');
    expect((err as KeyError).message).toMatch(/PIN 码错误/);
    expect(ec.isLoggedIn()).toBe(false);
    await ec.login(PIN); // a good PIN afterwards still works (SoftHSM2 has no retry counter)
    await ec.logout();
  });

  it('refuses to sign without login', async () => {
    await expect(ec.sign(new TextEncoder().encode('x'))).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
  });
});

describe('sign and verify', () => {
  const data = new TextEncoder().encode('{"kind":"postUseRequest","count":2}');

  it('signs with ECDSA P-256 (raw r||s) and the signature verifies in software', async () => {
    await ec.login(PIN);
    const env = await ec.sign(data, { includeCertificate: true });
    await ec.logout();
    expect(env.alg).toBe('ECDSA-P256-SHA256');
    expect(Buffer.from(env.value, 'base64')).toHaveLength(64);
    const cert = new X509Certificate(env.certificate!);
    expect(env.certSerial).toBe(cert.serialNumber.toLowerCase().replace(/^(00)+/, ''));
    expect(verifyEnvelope(data, env)).toBe(true);
    expect(verifyEnvelope(new TextEncoder().encode('tampered'), env)).toBe(false);
    expect(await ec.verify(data, { ...env, certificate: undefined })).toBe(true);
    expect((await ec.listSlots()).some((s) => s.token?.serialNumber === ec.serialNumber)).toBe(true);
  });

  it('signs with RSA PKCS#1 v1.5 over SHA-256 DigestInfo and verifies', async () => {
    await rsa.login(PIN);
    const env = await rsa.sign(data);
    await rsa.logout();
    expect(env.alg).toBe('RSA-PKCS1-SHA256');
    expect(Buffer.from(env.value, 'base64')).toHaveLength(256);
    const pem = (await rsa.certificatePem())!;
    expect(verifyEnvelope(data, env, pem)).toBe(true);
    // Not valid under another key's certificate.
    expect(verifyEnvelope(data, env, (await ec.certificatePem())!)).toBe(false);
  });
});

describe('the private key stays on the token', () => {
  it('is sensitive, not extractable, and CKA_VALUE cannot be read', async () => {
    const api = module.api;
    const slot = describeSlots(api).find((s) => s.token?.label === 'unit-ec')!;
    const session = api.C_OpenSession(Buffer.from(slot.slotId, 'hex'), pkcs11js.CKF_SERIAL_SESSION);
    try {
      api.C_Login(session, pkcs11js.CKU_USER, PIN);
      api.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]);
      const [key] = api.C_FindObjects(session, 10);
      api.C_FindObjectsFinal(session);
      expect(key).toBeDefined();
      const [sensitive, extractable, never] = api.C_GetAttributeValue(session, key!, [
        { type: pkcs11js.CKA_SENSITIVE },
        { type: pkcs11js.CKA_EXTRACTABLE },
        { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
      ]);
      expect(sensitive!.value![0]).toBe(1);
      expect(extractable!.value![0]).toBe(0);
      expect(never!.value![0]).toBe(1);
      expect(() => api.C_GetAttributeValue(session, key!, [{ type: pkcs11js.CKA_VALUE }])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      expect(() => api.C_GetAttributeValue(session, key!, [{ type: pkcs11js.CKA_PRIVATE_EXPONENT }])).toThrow();
      api.C_Logout(session);
    } finally {
      api.C_CloseSession(session);
    }
  });
});

describe('certificate and identity', () => {
  it('reads back the certificate written to the token, without login', async () => {
    const pem = await ec.certificatePem();
    expect(pem).toMatch(/BEGIN CERTIFICATE/);
    const cert = new X509Certificate(pem!);
    expect(cert.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    expect(cert.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
  });

  it('parses the identity from the certificate', async () => {
    const id = await ec.getIdentity();
    expect(id).toMatchObject({
      unitName: '某某县财政局',
      holderName: '某某县财政局',
      creditCode: '11330100002482070U',
      role: 'unit',
      jurisdiction: '330100',
      algorithm: 'ECDSA-P256-SHA256',
      demo: false,
    });
    expect(id.serial).toMatch(/^[0-9a-f]+$/);
    expect(id.publicKeyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(id.issuer).toContain('开发 CA');
  });

  it('refuses a certificate for another key', async () => {
    await ec.login(PIN);
    try {
      const foreign = (await rsa.certificatePem())!;
      await expect(ec.writeCertificate(foreign, { id: ecKeyId })).rejects.toMatchObject({ code: 'CERT_INVALID' });
    } finally {
      await ec.logout();
    }
  });
});

describe('PIN change', () => {
  it('changes the user PIN; the old one stops working', async () => {
    await ec.changePin(PIN, '135790');
    await expect(ec.login(PIN)).rejects.toMatchObject({ code: 'PIN_INCORRECT' });
    await ec.login('135790');
    await ec.changePin('135790', PIN); // while logged in too
    await ec.logout();
    await ec.login(PIN);
    await ec.logout();
  });

  it('refuses a change with a wrong old PIN', async () => {
    await expect(ec.changePin('999999', '111222')).rejects.toMatchObject({ code: 'PIN_INCORRECT' });
  });
});
