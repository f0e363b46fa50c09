/**
 * Loading a PKCS#11 module (the key vendor's driver, or SoftHSM2) through pkcs11js.
 *
 * A module may be C_Initialize'd once per process, and pkcs11js instances of the same library share
 * that state, so modules are cached per path and reference counted: the last `close()` finalises.
 * Everything above this file talks to `Pkcs11Api` — the subset of pkcs11js we use — so the
 * fault-injecting wrapper (testing/faulty-module.ts) can stand in for the real module.
 */
import { existsSync } from 'node:fs';
import pkcs11js from 'pkcs11js';
import { KeyError, ckrName } from './key-errors';
import { nativeLogger, type Logger } from './logger';

export { pkcs11js };

export type Pkcs11Api = Pick<
  pkcs11js.PKCS11,
  | 'C_GetInfo'
  | 'C_GetSlotList'
  | 'C_GetSlotInfo'
  | 'C_GetTokenInfo'
  | 'C_GetMechanismList'
  | 'C_InitToken'
  | 'C_InitPIN'
  | 'C_SetPIN'
  | 'C_OpenSession'
  | 'C_CloseSession'
  | 'C_CloseAllSessions'
  | 'C_Login'
  | 'C_Logout'
  | 'C_CreateObject'
  | 'C_DestroyObject'
  | 'C_FindObjectsInit'
  | 'C_FindObjects'
  | 'C_FindObjectsFinal'
  | 'C_GetAttributeValue'
  | 'C_SignInit'
  | 'C_Sign'
  | 'C_SignAsync'
  | 'C_GenerateKeyPair'
  | 'C_GenerateKeyPairAsync'
>;

/** SoftHSM2's Debian path: the default for development, tests and `ebz token`. */
export const SOFTHSM2_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface LoadedModule {
  readonly path: string;
  readonly api: Pkcs11Api;
  readonly description: string;
  close(): void;
}

interface CacheEntry {
  raw: pkcs11js.PKCS11;
  refs: number;
  description: string;
}
const cache = new Map<string, CacheEntry>();

/**
 * Loads and initialises the module at `path` (or reuses it), throwing KeyError MODULE_MISSING /
 * MODULE_LOAD_FAILED with the path and what to do.
 */
export function loadPkcs11Module(path: string = SOFTHSM2_MODULE, options: { logger?: Logger } = {}): LoadedModule {
  const log = options.logger ?? nativeLogger();
  let entry = cache.get(path);
  if (!entry) {
    if (!existsSync(path)) {
      throw new KeyError(
        'MODULE_MISSING',
        `找不到密钥驱动（PKCS#11 模块）：${path}。请安装密钥厂商的驱动程序，或用 --module 指定驱动文件的正确路径。`,
      );
    }
    const raw = new pkcs11js.PKCS11();
    try {
      raw.load(path);
      raw.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (e) {
      // Another pkcs11js instance in this process (e.g. a test helper) may have initialised it.
      if (ckrName(e) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
        try {
          raw.close();
        } catch {
          /* the library never loaded */
        }
        log.error({ module: path, err: ckrName(e) ?? (e instanceof Error ? e.message : String(e)) }, 'pkcs11 module load failed');
        throw new KeyError(
          'MODULE_LOAD_FAILED',
          `无法加载密钥驱动 ${path}${ckrName(e) ? `（${ckrName(e)}）` : ''}。该文件可能不是 PKCS#11 驱动，或与本机系统（32/64 位）不匹配。请重新安装密钥厂商驱动。`,
          ckrName(e),
        );
      }
    }
    const info = raw.C_GetInfo();
    entry = { raw, refs: 0, description: `${info.manufacturerID.trim()} ${info.libraryDescription.trim()}`.trim() };
    cache.set(path, entry);
    log.info({ module: path, library: entry.description }, 'pkcs11 module loaded');
  }
  entry.refs += 1;
  const e = entry;
  let closed = false;
  return {
    path,
    api: e.raw,
    description: e.description,
    close() {
      if (closed) return;
      closed = true;
      e.refs -= 1;
      if (e.refs > 0) return;
      cache.delete(path);
      try {
        e.raw.C_Finalize();
      } catch {
        /* already finalised or device gone: nothing left to release */
      }
      try {
        e.raw.close();
      } catch {
        /* idem */
      }
      log.info({ module: path }, 'pkcs11 module closed');
    },
  };
}

/** pkcs11js hands out fixed-width strings padded with blanks (SoftHSM2 pads labels with NULs). */
export function trimPadded(s: string): string {
  return s.replace(/[\s\0]+$/u, '');
}

/** CK_UTF8CHAR[32] label, blank padded as the standard requires (pkcs11js would pad with NUL). */
export function padLabel(label: string): string {
  const bytes = Buffer.byteLength(label, 'utf8');
  if (bytes > 32) throw new KeyError('INVALID_INPUT', `密钥标签过长：最多 32 字节（约 10 个汉字），现为 ${bytes} 字节。`);
  return label + ' '.repeat(32 - bytes);
}
