/**
 * Every failure a key user can meet, as a KeyError with a stable `code` (for the UI and tests) and a
 * specific Chinese message (what happened, what to do). Messages are built from fixed text and token
 * facts only — a PIN never reaches this file, so it can never end up in a message or a log.
 */
import type { PinState } from './key-types';

export type KeyErrorCode =
  | 'PIN_INCORRECT'
  | 'PIN_LOCKED'
  | 'PIN_INVALID'
  | 'PIN_EXPIRED'
  | 'PIN_TOO_WEAK'
  | 'PIN_NOT_INITIALIZED'
  | 'KEY_REMOVED'
  | 'KEY_NOT_RECOGNIZED'
  | 'TOKEN_NOT_INITIALIZED'
  | 'TOKEN_WRITE_PROTECTED'
  | 'TOKEN_FULL'
  | 'NO_BLANK_SLOT'
  | 'MODULE_MISSING'
  | 'MODULE_LOAD_FAILED'
  | 'SESSION_INVALID'
  | 'NOT_LOGGED_IN'
  | 'NO_CERTIFICATE'
  | 'NO_PRIVATE_KEY'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_INVALID'
  | 'MECHANISM_UNSUPPORTED'
  | 'OPERATION_CANCELED'
  | 'SO_PIN_INCORRECT'
  | 'INVALID_INPUT'
  | 'DEVICE_ERROR';

export class KeyError extends Error {
  override readonly name = 'KeyError';
  constructor(
    readonly code: KeyErrorCode,
    message: string,
    /** The PKCS#11 return value name when the token reported one (diagnostics only). */
    readonly ckr?: string,
  ) {
    super(message);
  }
}

/** Standard CK_RV values (PKCS#11 v2.40 §3.6) for the errors we translate. */
export const CKR = {
  CKR_CANCEL: 0x1,
  CKR_HOST_MEMORY: 0x2,
  CKR_SLOT_ID_INVALID: 0x3,
  CKR_GENERAL_ERROR: 0x5,
  CKR_FUNCTION_FAILED: 0x6,
  CKR_ATTRIBUTE_SENSITIVE: 0x11,
  CKR_DEVICE_ERROR: 0x30,
  CKR_DEVICE_MEMORY: 0x31,
  CKR_DEVICE_REMOVED: 0x32,
  CKR_FUNCTION_CANCELED: 0x50,
  CKR_FUNCTION_NOT_SUPPORTED: 0x54,
  CKR_KEY_HANDLE_INVALID: 0x60,
  CKR_KEY_SIZE_RANGE: 0x62,
  CKR_KEY_TYPE_INCONSISTENT: 0x63,
  CKR_MECHANISM_INVALID: 0x70,
  CKR_MECHANISM_PARAM_INVALID: 0x71,
  CKR_OBJECT_HANDLE_INVALID: 0x82,
  CKR_PIN_INCORRECT: 0xa0,
  CKR_PIN_INVALID: 0xa1,
  CKR_PIN_LEN_RANGE: 0xa2,
  CKR_PIN_EXPIRED: 0xa3,
  CKR_PIN_LOCKED: 0xa4,
  CKR_SESSION_CLOSED: 0xb0,
  CKR_SESSION_COUNT: 0xb1,
  CKR_SESSION_HANDLE_INVALID: 0xb3,
  CKR_SESSION_READ_ONLY: 0xb5,
  CKR_SESSION_EXISTS: 0xb6,
  CKR_TOKEN_NOT_PRESENT: 0xe0,
  CKR_TOKEN_NOT_RECOGNIZED: 0xe1,
  CKR_TOKEN_WRITE_PROTECTED: 0xe2,
  CKR_USER_ALREADY_LOGGED_IN: 0x100,
  CKR_USER_NOT_LOGGED_IN: 0x101,
  CKR_USER_PIN_NOT_INITIALIZED: 0x102,
  CKR_USER_ANOTHER_ALREADY_LOGGED_IN: 0x104,
  CKR_CRYPTOKI_NOT_INITIALIZED: 0x190,
  CKR_FUNCTION_REJECTED: 0x200,
  CKR_PIN_TOO_WEAK: 0x1b8,
} as const;
export type CkrName = keyof typeof CKR;

const NAME_BY_VALUE = new Map<number, string>(Object.entries(CKR).map(([k, v]) => [v, k]));

/** The CKR name of a pkcs11js error (its message is the name; `code` the value), or undefined. */
export function ckrName(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const m = /^(CKR_[A-Z0-9_]+)/.exec(err.message);
  if (m) return m[1];
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? NAME_BY_VALUE.get(code) : undefined;
}

export const MESSAGES = {
  pinLocked: 'PIN 码已锁定（连续输错次数过多），这把密钥暂时不能使用。请携带密钥到编办解锁。',
  keyRemoved: '电子编制管理证（USB 密钥）已拔出。请重新插入密钥，再输入 PIN 码登录。',
  sessionInvalid: '与密钥的连接已失效（密钥可能被拔出或重新插入过）。请重新输入 PIN 码登录。',
  notLoggedIn: '尚未登录密钥。请先输入 PIN 码登录，再进行签名。',
  tokenNotInitialized: '这把密钥尚未初始化（空白密钥），不能登录。请携带密钥到编办发证。',
  pinNotInitialized: '这把密钥还没有设置用户 PIN 码。请携带密钥到编办设置 PIN 码。',
  noCertificate: '密钥中没有找到电子编制管理证证书。请携带密钥到编办重新发证。',
  noPrivateKey: '密钥中没有找到与证书对应的私钥。请携带密钥到编办重新发证。',
  soPinIncorrect: '管理员 PIN 码（SO PIN）错误。请核对后重新输入；连续输错会锁定密钥。',
} as const;

export function wrongPinMessage(pin: PinState | undefined): string {
  if (pin?.locked) return MESSAGES.pinLocked;
  if (pin?.finalTry) {
    return 'PIN 码错误。这是最后一次机会：再输错一次密钥将被锁定，只能到编办解锁。请仔细核对后再输入。';
  }
  // COUNT_LOW means "a wrong PIN since the last good one": tries are being used up, count unknown.
  if (pin?.countLow) return 'PIN 码错误。这把密钥已有输错记录，连续输错将锁定密钥，请仔细核对后再输入。';
  return 'PIN 码错误，请核对后重新输入（注意区分大小写；连续输错会锁定密钥）。';
}

export interface ErrorContext {
  /** PIN flags read right after the failure, so the message can say how many tries are left. */
  pinState?: PinState;
  /** Token PIN length bounds, for PIN_LEN_RANGE. */
  pinLength?: { min: number; max: number };
  /** Which PIN was being checked: the SO PIN has its own message. */
  soLogin?: boolean;
}

/** Translates a pkcs11js error (or anything thrown near the token) into a KeyError. */
export function toKeyError(err: unknown, ctx: ErrorContext = {}): KeyError {
  if (err instanceof KeyError) return err;
  const name = ckrName(err);
  const make = (code: KeyErrorCode, message: string) => new KeyError(code, message, name);
  switch (name) {
    case 'CKR_PIN_INCORRECT':
      return ctx.soLogin ? make('SO_PIN_INCORRECT', MESSAGES.soPinIncorrect) : make(ctx.pinState?.locked ? 'PIN_LOCKED' : 'PIN_INCORRECT', wrongPinMessage(ctx.pinState));
    case 'CKR_PIN_LOCKED':
      return make('PIN_LOCKED', MESSAGES.pinLocked);
    case 'CKR_PIN_INVALID':
    case 'CKR_PIN_LEN_RANGE': {
      const range = ctx.pinLength ? `长度应为 ${ctx.pinLength.min}–${ctx.pinLength.max} 位` : '长度或字符不符合密钥要求';
      return make('PIN_INVALID', `PIN 码格式不正确：${range}。请重新输入。`);
    }
    case 'CKR_PIN_EXPIRED':
      return make('PIN_EXPIRED', 'PIN 码已过期。请先修改 PIN 码再登录。');
    case 'CKR_PIN_TOO_WEAK':
      return make('PIN_TOO_WEAK', '新 PIN 码太简单（如 123456、111111）。请换一个不易猜到的 PIN 码。');
    case 'CKR_USER_PIN_NOT_INITIALIZED':
      return make('PIN_NOT_INITIALIZED', MESSAGES.pinNotInitialized);
    case 'CKR_DEVICE_REMOVED':
    case 'CKR_TOKEN_NOT_PRESENT':
    case 'CKR_SLOT_ID_INVALID':
      return make('KEY_REMOVED', MESSAGES.keyRemoved);
    case 'CKR_TOKEN_NOT_RECOGNIZED':
      return make('KEY_NOT_RECOGNIZED', '插入的设备无法识别为电子编制管理证。请确认插入的是编办发放的密钥，并已安装厂商驱动。');
    case 'CKR_SESSION_HANDLE_INVALID':
    case 'CKR_SESSION_CLOSED':
      return make('SESSION_INVALID', MESSAGES.sessionInvalid);
    case 'CKR_USER_NOT_LOGGED_IN':
      return make('NOT_LOGGED_IN', MESSAGES.notLoggedIn);
    case 'CKR_TOKEN_WRITE_PROTECTED':
    case 'CKR_SESSION_READ_ONLY':
      return make('TOKEN_WRITE_PROTECTED', '密钥处于写保护状态，不能写入。请到编办处理。');
    case 'CKR_DEVICE_MEMORY':
      return make('TOKEN_FULL', '密钥存储空间已满，不能再写入证书或密钥。请到编办清理或更换密钥。');
    case 'CKR_MECHANISM_INVALID':
    case 'CKR_MECHANISM_PARAM_INVALID':
    case 'CKR_KEY_TYPE_INCONSISTENT':
    case 'CKR_KEY_SIZE_RANGE':
      return make('MECHANISM_UNSUPPORTED', '这把密钥不支持所需的算法（ECDSA P-256 / RSA-2048）。请确认密钥型号与驱动，或联系编办。');
    case 'CKR_FUNCTION_CANCELED':
    case 'CKR_CANCEL':
      return make('OPERATION_CANCELED', '已在密钥上取消了操作。如需继续，请重新操作并在密钥上确认。');
    case 'CKR_KEY_HANDLE_INVALID':
    case 'CKR_OBJECT_HANDLE_INVALID':
      return make('SESSION_INVALID', MESSAGES.sessionInvalid);
    case 'CKR_CRYPTOKI_NOT_INITIALIZED':
      return make('MODULE_LOAD_FAILED', '密钥驱动尚未初始化。请重新启动程序；仍不行请重新安装密钥厂商驱动。');
    default:
      return make(
        'DEVICE_ERROR',
        `密钥操作失败${name ? `（${name}）` : ''}。请拔出密钥后重新插入再试；仍不行请联系编办并告知此提示。`,
      );
  }
}
