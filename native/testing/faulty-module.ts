/**
 * A fault-injecting wrapper around a loaded PKCS#11 module, for what SoftHSM2 cannot do on demand:
 * a locked PIN, the final-try / count-low flags, and a key pulled out in the middle of a signature.
 * Everything not faulted passes through to the real module, so the rest of the stack is real.
 */
import { CKR, type CkrName } from '../key-errors';
import { pkcs11js, type LoadedModule, type Pkcs11Api } from '../pkcs11-module';

export interface Faults {
  /** C_Login as user fails with this CKR (e.g. CKR_PIN_LOCKED, CKR_PIN_INCORRECT) — every time. */
  login?: CkrName;
  /** Flags OR'd into every C_GetTokenInfo (e.g. CKF_USER_PIN_FINAL_TRY). */
  tokenFlags?: number;
  /** Flags OR'd into C_GetTokenInfo only after a failed login (the token just counted a miss). */
  tokenFlagsAfterFailedLogin?: number;
  /** The next signature fails with CKR_DEVICE_REMOVED after `removeDuringSignMs`, and the key stays out. */
  removeDuringSign?: boolean;
  removeDuringSignMs?: number;
}

export function pkcs11Error(name: CkrName, method: string): Error {
  return new pkcs11js.Pkcs11Error(name, CKR[name], method);
}

/** Calls that need the token itself; they fail while the virtual key is unplugged. */
const TOKEN_CALLS = new Set<string>([
  'C_GetTokenInfo',
  'C_GetMechanismList',
  'C_InitToken',
  'C_InitPIN',
  'C_SetPIN',
  'C_OpenSession',
  'C_CloseSession',
  'C_CloseAllSessions',
  'C_Login',
  'C_Logout',
  'C_CreateObject',
  'C_DestroyObject',
  'C_FindObjectsInit',
  'C_FindObjects',
  'C_FindObjectsFinal',
  'C_GetAttributeValue',
  'C_SignInit',
  'C_Sign',
  'C_SignAsync',
  'C_GenerateKeyPair',
  'C_GenerateKeyPairAsync',
]);

export class FaultyModule implements LoadedModule {
  readonly path: string;
  readonly description: string;
  readonly api: Pkcs11Api;
  faults: Faults;
  /** True while the virtual key is "pulled out". */
  removed = false;
  private loginFailed = false;

  constructor(
    private readonly inner: LoadedModule,
    faults: Faults = {},
  ) {
    this.path = inner.path;
    this.description = `${inner.description} (faulty)`;
    this.faults = faults;
    this.api = new Proxy(inner.api, { get: (target, prop, receiver) => this.intercept(target, prop, receiver) });
  }

  /** Calls seen per PKCS#11 function (e.g. to prove a wrong PIN is not retried). */
  readonly calls: Record<string, number> = {};

  /** Pulls the virtual key out: like a real removal, the module forgets every session. */
  unplug(): void {
    this.removed = true;
    for (const slot of this.inner.api.C_GetSlotList(true)) {
      try {
        this.inner.api.C_CloseAllSessions(slot);
      } catch {
        /* nothing open */
      }
    }
  }

  replug(): void {
    this.removed = false;
  }

  close(): void {
    this.inner.close();
  }

  private intercept(target: Pkcs11Api, prop: string | symbol, receiver: unknown): unknown {
    const real = Reflect.get(target, prop, receiver) as unknown;
    if (typeof prop !== 'string' || typeof real !== 'function') return real;
    const fn = real as (...args: unknown[]) => unknown;
    this.calls[prop] = (this.calls[prop] ?? 0) + 1;
    const call = (...args: unknown[]) => fn.apply(target, args);
    if (this.removed && TOKEN_CALLS.has(prop)) {
      const name: CkrName = prop === 'C_GetTokenInfo' || prop === 'C_OpenSession' ? 'CKR_TOKEN_NOT_PRESENT' : 'CKR_DEVICE_REMOVED';
      return (...args: unknown[]) => {
        void args;
        const err = pkcs11Error(name, prop);
        if (prop.endsWith('Async')) return Promise.reject(err);
        throw err;
      };
    }
    switch (prop) {
      case 'C_GetSlotList':
        return (present?: boolean) => (this.removed && present ? [] : call(present));
      case 'C_GetSlotInfo':
        return (slot: Buffer) => {
          const info = call(slot) as pkcs11js.SlotInfo;
          return this.removed ? { ...info, flags: info.flags & ~0x1 } : info;
        };
      case 'C_GetTokenInfo':
        return (slot: Buffer) => {
          const info = call(slot) as pkcs11js.TokenInfo;
          const extra = (this.faults.tokenFlags ?? 0) | (this.loginFailed ? (this.faults.tokenFlagsAfterFailedLogin ?? 0) : 0);
          return { ...info, flags: info.flags | extra };
        };
      case 'C_Login':
        return (session: Buffer, userType: number, pin?: string) => {
          if (userType === pkcs11js.CKU_USER && this.faults.login) {
            this.loginFailed = true;
            throw pkcs11Error(this.faults.login, 'C_Login');
          }
          return call(session, userType, pin);
        };
      case 'C_SignAsync':
        return async (...args: unknown[]) => {
          if (this.faults.removeDuringSign) {
            this.faults.removeDuringSign = false;
            await new Promise((r) => setTimeout(r, this.faults.removeDuringSignMs ?? 20));
            this.unplug();
            throw pkcs11Error('CKR_DEVICE_REMOVED', 'C_Sign');
          }
          return call(...args);
        };
      default:
        return call;
    }
  }
}
