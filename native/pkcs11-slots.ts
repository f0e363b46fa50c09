/**
 * Slots and tokens of a PKCS#11 module: which tokens are present, their info and PIN flags, and the
 * slot holding a token selected by serial number, label or slot id. Used by the session layer
 * (pkcs11-session.ts), the bianban's token administration and the presence watcher.
 */
import { KeyError, MESSAGES, toKeyError } from './key-errors';
import type { PinState, SlotSummary, TokenSummary } from './key-types';
import { pkcs11js, trimPadded, type Pkcs11Api } from './pkcs11-module';

const P = pkcs11js;
// CK_SLOT_INFO flags (pkcs11js exports them at runtime but its typings lack them).
const CKF_TOKEN_PRESENT = 0x1;
const CKF_REMOVABLE_DEVICE = 0x2;
const CKF_HW_SLOT = 0x4;

export function pinStateOf(flags: number): PinState {
  return {
    countLow: (flags & P.CKF_USER_PIN_COUNT_LOW) !== 0,
    finalTry: (flags & P.CKF_USER_PIN_FINAL_TRY) !== 0,
    locked: (flags & P.CKF_USER_PIN_LOCKED) !== 0,
    toBeChanged: (flags & P.CKF_USER_PIN_TO_BE_CHANGED) !== 0,
  };
}

export function tokenSummaryOf(info: pkcs11js.TokenInfo): TokenSummary {
  const f = info.flags;
  return {
    label: trimPadded(info.label),
    manufacturer: trimPadded(info.manufacturerID),
    model: trimPadded(info.model),
    serialNumber: trimPadded(info.serialNumber),
    initialized: (f & P.CKF_TOKEN_INITIALIZED) !== 0,
    userPinInitialized: (f & P.CKF_USER_PIN_INITIALIZED) !== 0,
    loginRequired: (f & P.CKF_LOGIN_REQUIRED) !== 0,
    protectedAuthPath: (f & P.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
    writeProtected: (f & P.CKF_WRITE_PROTECTED) !== 0,
    minPinLength: info.minPinLen,
    maxPinLength: info.maxPinLen,
    pin: pinStateOf(f),
    flags: f,
  };
}

export const slotIdOf = (slot: Buffer): string => slot.toString('hex');

/** All slots of a module with their token (if present). Never throws for one bad slot. */
export function describeSlots(api: Pkcs11Api): SlotSummary[] {
  let slots: Buffer[];
  try {
    slots = api.C_GetSlotList(false);
  } catch (e) {
    throw toKeyError(e);
  }
  return slots.map((slot) => {
    const info = api.C_GetSlotInfo(slot);
    const present = (info.flags & CKF_TOKEN_PRESENT) !== 0;
    const summary: SlotSummary = {
      slotId: slotIdOf(slot),
      description: trimPadded(info.slotDescription),
      manufacturer: trimPadded(info.manufacturerID),
      tokenPresent: present,
      removable: (info.flags & CKF_REMOVABLE_DEVICE) !== 0,
      hardware: (info.flags & CKF_HW_SLOT) !== 0,
    };
    if (present) {
      try {
        summary.token = tokenSummaryOf(api.C_GetTokenInfo(slot));
      } catch {
        summary.tokenPresent = false; // pulled out between the two calls
      }
    }
    return summary;
  });
}

export interface SlotSelector {
  /** Token serial number (stable across re-plugging, unlike slot ids). */
  serialNumber?: string;
  label?: string;
  /** Hex slot id as in SlotSummary. */
  slotId?: string;
}

/** The slots that hold a token now. */
export function slotsWithToken(api: Pkcs11Api): Buffer[] {
  try {
    return api.C_GetSlotList(true);
  } catch (e) {
    throw toKeyError(e);
  }
}

/** The slot holding the selected token; without a selector, the first initialised token. */
export function findSlot(api: Pkcs11Api, selector: SlotSelector = {}): Buffer {
  const slots = slotsWithToken(api);
  for (const slot of slots) {
    if (selector.slotId && slotIdOf(slot) !== selector.slotId.toLowerCase()) continue;
    let info: pkcs11js.TokenInfo;
    try {
      info = api.C_GetTokenInfo(slot);
    } catch {
      continue;
    }
    const t = tokenSummaryOf(info);
    if (selector.serialNumber && t.serialNumber !== selector.serialNumber) continue;
    if (selector.label && t.label !== selector.label) continue;
    if (!selector.slotId && !t.initialized) continue;
    return slot;
  }
  if (selector.serialNumber || selector.label || selector.slotId) {
    throw new KeyError('KEY_REMOVED', `没有找到指定的密钥（${selector.label ?? selector.serialNumber ?? selector.slotId}）。请确认密钥已插入。`);
  }
  if (slots.length > 0) throw new KeyError('TOKEN_NOT_INITIALIZED', MESSAGES.tokenNotInitialized);
  throw new KeyError('KEY_REMOVED', '没有检测到电子编制管理证（USB 密钥）。请插入密钥后重试。');
}
