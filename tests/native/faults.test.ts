/**
 * What SoftHSM2 cannot do on demand, through the fault-injecting wrapper around a real SoftHSM2
 * module: a locked PIN, the final-try warning, and a key pulled out in the middle of a signature.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSoftHsmDir, type SoftHsmDir } from './helpers/softhsm';
import { provisionToken } from './helpers/provision';
import { loadPkcs11Module, pkcs11js, type LoadedModule } from '../../native/pkcs11-module';
import { Pkcs11Token } from '../../native/pkcs11-token';
import { DevCa } from '../../native/dev-ca';
import { FaultyModule } from '../../native/testing/faulty-module';
import { KeySession, type KeyLocked } from '../../native/key-session';
import { Pkcs11SlotWatcher } from '../../native/key-watcher';

const SO = '11223344';
const PIN = '864209';
let hsm: SoftHsmDir;
let caDir: string;
let real: LoadedModule;
let faulty: FaultyModule;
let serialNumber: string;

beforeAll(async () => {
  hsm = makeSoftHsmDir();
  caDir = mkdtempSync(join(tmpdir(), 'ebz-ca-'));
  real = loadPkcs11Module();
  const ca = await DevCa.open(caDir);
  const p = await provisionToken({ module: real, ca, label: 'faulty', soPin: SO, pin: PIN });
  serialNumber = p.serialNumber;
  await p.token.close();
  faulty = new FaultyModule(real);
}, 60_000);

afterAll(() => {
  real?.close();
  hsm?.remove();
  rmSync(caDir, { recursive: true, force: true });
});

beforeEach(() => {
  faulty.faults = {};
  faulty.replug();
});

const token = () => new Pkcs11Token({ module: faulty, slot: { serialNumber } });

describe('PIN locked', () => {
  it('C_Login → CKR_PIN_LOCKED gives the unlock-at-the-bianban message', async () => {
    faulty.faults = { login: 'CKR_PIN_LOCKED' };
    const err = await token().login(PIN).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PIN_LOCKED', ckr: 'CKR_PIN_LOCKED' });
    expect((err as Error).message).toContain('请携带密钥到编办解锁');
  });

  it('a token whose flags say locked is refused before C_Login is even tried', async () => {
    faulty.faults = { tokenFlags: pkcs11js.CKF_USER_PIN_LOCKED };
    const t = token();
    expect((await t.pinState()).locked).toBe(true);
    await expect(t.login(PIN)).rejects.toMatchObject({ code: 'PIN_LOCKED' });
    expect(t.isLoggedIn()).toBe(false);
  });
});

describe('final try', () => {
  it('pinState exposes the final-try flag so the UI can warn before submit', async () => {
    faulty.faults = { tokenFlags: pkcs11js.CKF_USER_PIN_FINAL_TRY };
    const session = new KeySession(token());
    expect(await session.pinState()).toMatchObject({ finalTry: true, locked: false });
  });

  it('a wrong PIN that leaves one try says 最后一次机会; the session reports it and does not retry', async () => {
    faulty.faults = { login: 'CKR_PIN_INCORRECT', tokenFlagsAfterFailedLogin: pkcs11js.CKF_USER_PIN_FINAL_TRY };
    const session = new KeySession(token());
    const failures: unknown[] = [];
    session.on('key:login-failed', (f) => failures.push(f));
    const before = faulty.calls.C_Login ?? 0;
    const err = await session.login('000000').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PIN_INCORRECT' });
    expect((err as Error).message).toContain('最后一次机会');
    expect(failures).toEqual([expect.objectContaining({ code: 'PIN_INCORRECT', pin: expect.objectContaining({ finalTry: true }) })]);
    expect(session.isUnlocked).toBe(false);
    expect((faulty.calls.C_Login ?? 0) - before).toBe(1); // no automatic retry
  });

  it('count-low flag gives the few-tries-left message', async () => {
    faulty.faults = { login: 'CKR_PIN_INCORRECT', tokenFlagsAfterFailedLogin: pkcs11js.CKF_USER_PIN_COUNT_LOW };
    await expect(token().login('000000')).rejects.toThrow(/已有输错记录/);
  });
});

describe('key removed', () => {
  it('mid-signature: no crash, key:locked, a clear message, sessions dropped', async () => {
    const t = token();
    const session = new KeySession(t);
    const locked: KeyLocked[] = [];
    session.on('key:locked', (e) => locked.push(e));
    await session.login(PIN);
    expect(session.isUnlocked).toBe(true);
    faulty.faults = { removeDuringSign: true };
    const started = Date.now();
    const err = await session.sign(new TextEncoder().encode('{"a":1}')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'KEY_REMOVED', ckr: 'CKR_DEVICE_REMOVED' });
    expect((err as Error).message).toContain('已拔出');
    expect(locked).toHaveLength(1);
    expect(locked[0]!.reason).toBe('removed');
    expect(locked[0]!.at.getTime() - started).toBeLessThan(2000);
    expect(session.isUnlocked).toBe(false);
    expect(t.isLoggedIn()).toBe(false);
    // Further use while out: clear refusals, no crash.
    await expect(session.sign(new Uint8Array([1]))).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
    await expect(t.login(PIN)).rejects.toMatchObject({ code: 'KEY_REMOVED' });
    // Plugged back in: a fresh login works again.
    faulty.replug();
    await session.login(PIN);
    const env = await session.sign(new TextEncoder().encode('{"a":1}'));
    expect(env.alg).toBe('ECDSA-P256-SHA256');
    await session.logout();
  });

  it('a stale session (CKR_SESSION_HANDLE_INVALID) locks too', async () => {
    const t = token();
    const session = new KeySession(t);
    const locked: KeyLocked[] = [];
    session.on('key:locked', (e) => locked.push(e));
    await session.login(PIN);
    real.api.C_CloseAllSessions(Buffer.from((await import('../../native/pkcs11-token')).findSlot(real.api, { serialNumber })));
    await expect(session.sign(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    expect(locked.map((l) => l.reason)).toEqual(['session-invalid']);
  });

  it('the PKCS#11 slot watcher sees the token go and drives key:locked', async () => {
    const t = token();
    const watcher = new Pkcs11SlotWatcher({ api: faulty.api, intervalMs: 100 });
    const session = new KeySession(t, { presence: [watcher] });
    const events: string[] = [];
    watcher.on('key:inserted', (k) => events.push(`inserted:${k.serialNumber}`));
    watcher.on('key:removed', (k) => events.push(`removed:${k.serialNumber}`));
    const locked = new Promise<KeyLocked>((resolve) => session.once('key:locked', resolve));
    await watcher.poll();
    await session.login(PIN);
    watcher.start();
    const pulled = Date.now();
    faulty.unplug();
    const ev = await locked;
    watcher.stop();
    expect(ev.at.getTime() - pulled).toBeLessThan(2000);
    expect(events).toEqual([`inserted:${serialNumber}`, `removed:${serialNumber}`]);
    expect(t.isLoggedIn()).toBe(false);
    session.dispose();
  });
});
