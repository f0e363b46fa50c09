/** CKR → KeyError translation: the code table matches pkcs11js, and each user-facing case is specific. */
import { describe, expect, it } from 'vitest';
import type { KeyError} from '../../native/key-errors';
import { CKR, toKeyError } from '../../native/key-errors';
import { pkcs11js } from '../../native/pkcs11-module';
import { pkcs11Error } from '../../native/testing/faulty-module';
import { loadPkcs11Module } from '../../native/pkcs11-module';

describe('CKR table', () => {
  it('has the values pkcs11js uses', () => {
    for (const [name, value] of Object.entries(CKR)) {
      expect((pkcs11js as unknown as Record<string, number>)[name], name).toBe(value);
    }
  });
});

describe('toKeyError', () => {
  const cases: Array<[keyof typeof CKR, KeyError['code'], RegExp]> = [
    ['CKR_PIN_INCORRECT', 'PIN_INCORRECT', /PIN 码错误/],
    ['CKR_PIN_LOCKED', 'PIN_LOCKED', /编办解锁/],
    ['CKR_PIN_LEN_RANGE', 'PIN_INVALID', /格式不正确/],
    ['CKR_PIN_EXPIRED', 'PIN_EXPIRED', /已过期/],
    ['CKR_DEVICE_REMOVED', 'KEY_REMOVED', /已拔出/],
    ['CKR_TOKEN_NOT_PRESENT', 'KEY_REMOVED', /已拔出/],
    ['CKR_SESSION_HANDLE_INVALID', 'SESSION_INVALID', /重新输入 PIN/],
    ['CKR_USER_NOT_LOGGED_IN', 'NOT_LOGGED_IN', /先输入 PIN/],
    ['CKR_USER_PIN_NOT_INITIALIZED', 'PIN_NOT_INITIALIZED', /设置 PIN/],
    ['CKR_MECHANISM_INVALID', 'MECHANISM_UNSUPPORTED', /不支持/],
    ['CKR_DEVICE_MEMORY', 'TOKEN_FULL', /存储空间已满/],
    ['CKR_FUNCTION_CANCELED', 'OPERATION_CANCELED', /取消/],
    ['CKR_DEVICE_ERROR', 'DEVICE_ERROR', /CKR_DEVICE_ERROR/],
  ];
  it.each(cases)('%s → %s', (ckr, code, message) => {
    const err = toKeyError(pkcs11Error(ckr, 'C_Test'));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.ckr).toBe(ckr);
  });

  it('says how many tries are left from the flags', () => {
    const e = pkcs11Error('CKR_PIN_INCORRECT', 'C_Login');
    const pin = { countLow: true, finalTry: true, locked: false, toBeChanged: false };
    expect(toKeyError(e, { pinState: pin }).message).toContain('最后一次机会');
    expect(toKeyError(e, { pinState: { ...pin, finalTry: false } }).message).toContain('已有输错记录');
    expect(toKeyError(e, { pinState: { ...pin, finalTry: false, locked: true } }).code).toBe('PIN_LOCKED');
    expect(toKeyError(e, { soLogin: true }).code).toBe('SO_PIN_INCORRECT');
    expect(toKeyError(pkcs11Error('CKR_PIN_LEN_RANGE', 'C_Login'), { pinLength: { min: 4, max: 8 } }).message).toContain('4–8 位');
  });
});

describe('module loading', () => {
  it('a missing module names the path and says what to do', () => {
    expect(() => loadPkcs11Module('/nonexistent/libvendor.so')).toThrow(/找不到密钥驱动.*\/nonexistent\/libvendor\.so.*--module/);
  });

  it('a file that is not a PKCS#11 module is reported as unloadable', () => {
    let err: unknown;
    try {
      loadPkcs11Module('/etc/hostname');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'MODULE_LOAD_FAILED' });
    expect((err as Error).message).toContain('/etc/hostname');
  });
});
