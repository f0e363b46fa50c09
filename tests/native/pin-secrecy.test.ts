/**
 * The PIN never leaves C_Login: through right- and wrong-PIN flows (init, login, sign, PIN change,
 * SO reset, locked key, session events) no log record, error message, error stack, inspected error or
 * inspected key object contains any PIN used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import pino from 'pino';
import { makeSoftHsmDir, type SoftHsmDir } from './helpers/softhsm';
import { loadPkcs11Module, type LoadedModule } from '../../native/pkcs11-module';
import { Pkcs11Token } from '../../native/pkcs11-token';
import { initToken, resetUserPin } from '../../native/token-admin';
import { DevCa } from '../../native/dev-ca';
import { KeySession } from '../../native/key-session';
import { FaultyModule } from '../../native/testing/faulty-module';

// Letters and punctuation: these strings cannot turn up by chance in hex serials or timestamps.
const SO_PIN = 'SoPin#Qx7';
const PIN = 'Right#Pk4';
const WRONG = 'Wrong#Zv9';
const NEW_PIN = 'Newer#Jm2';
const RESET_PIN = 'Reset#Hw5';
const ALL = [SO_PIN, PIN, WRONG, NEW_PIN, RESET_PIN];

let hsm: SoftHsmDir;
let caDir: string;
let module: LoadedModule;
const lines: string[] = [];
const texts: string[] = [];
const logger = pino({ level: 'trace' }, { write: (s: string) => void lines.push(s) });

function capture(e: unknown): void {
  texts.push(inspect(e, { depth: 6, showHidden: true }));
  if (e instanceof Error) texts.push(e.message, e.stack ?? '', JSON.stringify(e));
}

beforeAll(() => {
  hsm = makeSoftHsmDir();
  caDir = mkdtempSync(join(tmpdir(), 'ebz-ca-'));
  module = loadPkcs11Module(undefined, { logger });
});
afterAll(() => {
  module?.close();
  hsm?.remove();
  rmSync(caDir, { recursive: true, force: true });
});

describe('PIN secrecy', () => {
  it('no PIN appears in any log record or error through right and wrong PIN flows', async () => {
    const { serialNumber } = initToken(module.api, { label: 'secrecy', soPin: SO_PIN, userPin: PIN, logger });
    const token = new Pkcs11Token({ module, slot: { serialNumber }, logger });
    const session = new KeySession(token, { logger });
    session.on('key:login-failed', (f) => texts.push(JSON.stringify(f)));
    session.on('key:locked', (f) => texts.push(JSON.stringify(f)));

    // Provision with the right PIN.
    await token.login(PIN);
    const pair = await token.generateKeyPair();
    const subject = { commonName: '保密测试单位', creditCode: '11330100002482070U' };
    const ca = await DevCa.open(caDir);
    const cert = await ca.issue({ csr: await token.createCsr(pair.id, subject), subject, role: 'unit', jurisdiction: '330100' });
    await token.writeCertificate(cert.toString('pem'), { id: pair.id });
    await token.logout();

    // Wrong PIN, then right PIN and a signature, through the session manager.
    await session.login(WRONG).catch(capture);
    await session.login(PIN);
    texts.push(JSON.stringify(await session.sign(new TextEncoder().encode('{"x":1}'), { includeCertificate: true })));
    await session.logout();

    // PIN change: wrong old PIN, then right.
    await token.changePin(WRONG, NEW_PIN).catch(capture);
    await token.changePin(PIN, NEW_PIN);
    // SO reset (unlock at the bianban): wrong SO PIN, then right.
    try {
      resetUserPin(module.api, { slot: { serialNumber }, soPin: WRONG, newPin: RESET_PIN, logger });
    } catch (e) {
      capture(e);
    }
    resetUserPin(module.api, { slot: { serialNumber }, soPin: SO_PIN, newPin: RESET_PIN, logger });
    await token.login(NEW_PIN).catch(capture); // the old user PIN is gone after the reset
    await token.login(RESET_PIN);
    await token.logout();

    // A locked key and a key pulled out mid-signature.
    const faulty = new FaultyModule(module, { login: 'CKR_PIN_LOCKED' });
    const faultyToken = new Pkcs11Token({ module: faulty, slot: { serialNumber }, logger });
    await new KeySession(faultyToken, { logger }).login(RESET_PIN).catch(capture);
    faulty.faults = { removeDuringSign: true };
    const s2 = new KeySession(faultyToken, { logger });
    s2.on('key:locked', (f) => texts.push(JSON.stringify(f)));
    await s2.login(RESET_PIN);
    await s2.sign(new Uint8Array([1])).catch(capture);
    texts.push(inspect(token, { depth: 6, showHidden: true }), inspect(session, { depth: 4 }));

    // The flows really produced logs and errors worth searching.
    expect(lines.length).toBeGreaterThan(10);
    expect(texts.join('\n')).toContain('PIN 码错误');
    expect(texts.join('\n')).toContain('编办解锁');
    expect(texts.join('\n')).toContain('已拔出');
    const haystack = `${lines.join('')}\n${texts.join('\n')}`;
    for (const pin of ALL) expect(haystack.includes(pin), `PIN ${pin} leaked`).toBe(false);
  });
});
