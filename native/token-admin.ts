/**
 * What the bianban does to a key at the counter: initialise a blank token with an SO PIN, set the
 * user PIN, and reset a locked user PIN with the SO PIN (the "unlock at the bianban" step).
 * PINs go straight into C_InitToken / C_Login / C_InitPIN and are not kept or logged.
 */
import { KeyError, toKeyError } from './key-errors';
import { nativeLogger, type Logger } from './logger';
import { padLabel, pkcs11js, type Pkcs11Api } from './pkcs11-module';
import { findSlot, slotIdOf, slotsWithToken, tokenSummaryOf, type SlotSelector } from './pkcs11-slots';

const P = pkcs11js;

/** The first slot whose token is present but not initialised (SoftHSM2 always keeps one). */
export function findBlankSlot(api: Pkcs11Api): Buffer {
  for (const slot of slotsWithToken(api)) {
    try {
      if (!tokenSummaryOf(api.C_GetTokenInfo(slot)).initialized) return slot;
    } catch {
      /* token pulled out while we looked */
    }
  }
  throw new KeyError('NO_BLANK_SLOT', '没有找到空白（未初始化）的密钥。请插入一把新的密钥；已发证的密钥需先在编办注销后才能重新初始化。');
}

function checkPin(pin: string, what: string, min: number, max: number): void {
  const n = Buffer.byteLength(pin, 'utf8');
  if (n < min || n > max) throw new KeyError('PIN_INVALID', `${what}长度应为 ${min}–${max} 位，请重新设置。`);
}

function withSoSession<T>(api: Pkcs11Api, slot: Buffer, soPin: string, fn: (session: Buffer) => T): T {
  const session = api.C_OpenSession(slot, P.CKF_SERIAL_SESSION | P.CKF_RW_SESSION);
  try {
    try {
      api.C_Login(session, P.CKU_SO, soPin);
    } catch (e) {
      throw toKeyError(e, { soLogin: true });
    }
    try {
      return fn(session);
    } finally {
      try {
        api.C_Logout(session);
      } catch {
        /* session already gone */
      }
    }
  } finally {
    try {
      api.C_CloseSession(session);
    } catch {
      /* idem */
    }
  }
}

export interface InitTokenResult {
  slotId: string;
  serialNumber: string;
  label: string;
}

/**
 * Initialises the blank token in `slotId` (default: the first blank one) with `label` and `soPin`,
 * then sets the user PIN. A token that is already initialised is refused.
 */
export function initToken(
  api: Pkcs11Api,
  params: { label: string; soPin: string; userPin: string; slotId?: string; logger?: Logger },
): InitTokenResult {
  const log = (params.logger ?? nativeLogger()).child({ component: 'token-admin' });
  const slot = params.slotId ? Buffer.from(params.slotId, 'hex') : findBlankSlot(api);
  let before;
  try {
    before = tokenSummaryOf(api.C_GetTokenInfo(slot));
  } catch (e) {
    throw toKeyError(e);
  }
  if (before.initialized) {
    throw new KeyError('INVALID_INPUT', `插槽 ${slotIdOf(slot)} 中的密钥（${before.label}）已经初始化，不能重复初始化。`);
  }
  checkPin(params.soPin, '管理员 PIN 码（SO PIN）', before.minPinLength, before.maxPinLength);
  checkPin(params.userPin, '用户 PIN 码', before.minPinLength, before.maxPinLength);
  try {
    api.C_InitToken(slot, params.soPin, padLabel(params.label));
  } catch (e) {
    throw toKeyError(e, { soLogin: true });
  }
  try {
    withSoSession(api, slot, params.soPin, (s) => api.C_InitPIN(s, params.userPin));
  } catch (e) {
    throw toKeyError(e, { pinLength: { min: before.minPinLength, max: before.maxPinLength } });
  }
  const after = tokenSummaryOf(api.C_GetTokenInfo(slot));
  log.info({ slot: slotIdOf(slot), serial: after.serialNumber, label: after.label }, 'token initialised');
  return { slotId: slotIdOf(slot), serialNumber: after.serialNumber, label: after.label };
}

/** Sets a new user PIN with the SO PIN — how the bianban unlocks a key whose PIN is locked. */
export function resetUserPin(api: Pkcs11Api, params: { slot: SlotSelector; soPin: string; newPin: string; logger?: Logger }): void {
  const log = (params.logger ?? nativeLogger()).child({ component: 'token-admin' });
  const slot = findSlot(api, params.slot);
  const info = tokenSummaryOf(api.C_GetTokenInfo(slot));
  checkPin(params.newPin, '新的用户 PIN 码', info.minPinLength, info.maxPinLength);
  try {
    withSoSession(api, slot, params.soPin, (s) => api.C_InitPIN(s, params.newPin));
  } catch (e) {
    throw toKeyError(e, { soLogin: true });
  }
  log.info({ serial: info.serialNumber }, 'user PIN reset by SO');
}
