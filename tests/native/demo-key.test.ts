/** The software demo key: same contract as a token, labelled 演示密钥, refused-PIN behaviour alike. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoKey, DEMO_LABEL, DEMO_PIN } from '../../native/demo-key';
import { verifyEnvelope } from '../../native/signing';
import { validateCreditCode } from '../../domain/validation/credit-code';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ebz-demo-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('demo key', () => {
  it('is created on first use as an encrypted PKCS#8 file and reused afterwards', async () => {
    const a = await DemoKey.open({ dataDir });
    const keyFile = join(dataDir, 'demo-key', 'unit-key.pem');
    expect(existsSync(keyFile)).toBe(true);
    expect(readFileSync(keyFile, 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const b = await DemoKey.open({ dataDir });
    expect((await b.getIdentity()).publicKeyHash).toBe((await a.getIdentity()).publicKeyHash);
  });

  it('is labelled 演示密钥 and its identity says demo', async () => {
    const key = await DemoKey.open({ dataDir });
    expect(key.displayName).toBe(DEMO_LABEL);
    expect((await key.tokenInfo()).label).toBe('演示密钥');
    const id = await key.getIdentity();
    expect(id).toMatchObject({ demo: true, role: 'unit', jurisdiction: '330100', algorithm: 'ECDSA-P256-SHA256' });
    expect(id.unitName).toContain('演示密钥');
    expect(validateCreditCode(id.creditCode).ok).toBe(true);
  });

  it('refuses a wrong PIN like a token does, accepts the documented demo PIN, and signs', async () => {
    const key = await DemoKey.open({ dataDir });
    await expect(key.login('654321')).rejects.toMatchObject({ code: 'PIN_INCORRECT', message: expect.stringMatching(/PIN 码错误/) });
    await expect(key.sign(new Uint8Array([1]))).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
    await key.login(DEMO_PIN);
    const data = new TextEncoder().encode('{"demo":true}');
    const env = await key.sign(data, { includeCertificate: true });
    expect(env.alg).toBe('ECDSA-P256-SHA256');
    expect(verifyEnvelope(data, env)).toBe(true);
    expect(await key.verify(data, env)).toBe(true);
    expect(await key.verify(new TextEncoder().encode('{"demo":false}'), env)).toBe(false);
    expect((await key.listSlots()).map((s) => s.token?.label)).toEqual(['演示密钥']);
    expect(env.certSerial).toBe((await key.getIdentity()).serial);
    await key.logout();
    await expect(key.sign(data)).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
  });

  it('has a reviewer variant with a jurisdiction', async () => {
    const key = await DemoKey.open({ dataDir, role: 'reviewer' });
    expect(await key.getIdentity()).toMatchObject({ role: 'reviewer', jurisdiction: '330100', demo: true, creditCode: '' });
  });

  it('does not let the demo PIN be changed', async () => {
    const key = await DemoKey.open({ dataDir });
    await expect(key.changePin(DEMO_PIN, '999999')).rejects.toThrow(/固定为 123456/);
  });
});
