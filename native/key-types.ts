/**
 * The contract every key implementation honours: the PKCS#11 token (pkcs11-token.ts) and the
 * software demo key (demo-key.ts). Callers (session manager, Electron main, CLI) only see this.
 */
import type { SignatureAlgorithm, SignatureEnvelope } from '../domain/crypto/signature';

export type { SignatureAlgorithm, SignatureEnvelope };

export type KeyRole = 'unit' | 'reviewer';

/**
 * Key pair parameters. Kept open so SM2 (vendor modules) can be added as one more member without
 * touching callers.
 */
export type KeyAlgorithm = { kind: 'EC'; curve: 'P-256' } | { kind: 'RSA'; modulusBits: 2048 | 3072 | 4096 };

export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = { kind: 'EC', curve: 'P-256' };

/** PIN counters as the token reports them through CK_TOKEN_INFO flags. */
export interface PinState {
  /** CKF_USER_PIN_COUNT_LOW: at least one wrong PIN since the last good one. */
  countLow: boolean;
  /** CKF_USER_PIN_FINAL_TRY: one more wrong PIN locks the key — warn before the user submits. */
  finalTry: boolean;
  /** CKF_USER_PIN_LOCKED: only the bianban (SO PIN) can unlock. */
  locked: boolean;
  /** CKF_USER_PIN_TO_BE_CHANGED: first use after (re)issue. */
  toBeChanged: boolean;
}

export interface TokenSummary {
  label: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  initialized: boolean;
  userPinInitialized: boolean;
  loginRequired: boolean;
  /** PIN pad / biometric on the device: C_Login is called without a PIN. */
  protectedAuthPath: boolean;
  writeProtected: boolean;
  minPinLength: number;
  maxPinLength: number;
  pin: PinState;
  /** The raw CK_TOKEN_INFO flags, for diagnostics (`ebz token info`). */
  flags: number;
}

export interface SlotSummary {
  /** Slot id as lower-case hex of the module's handle (stable for the module's lifetime only). */
  slotId: string;
  description: string;
  manufacturer: string;
  tokenPresent: boolean;
  removable: boolean;
  hardware: boolean;
  token?: TokenSummary;
}

/** Who the key says its holder is — parsed from the certificate on it (see identity.ts). */
export interface KeyIdentity {
  /** The unit's name (for a reviewer: the bianban they work for). */
  unitName: string;
  /** Subject CN: the unit name for unit keys, the reviewer's name for reviewer keys. */
  holderName: string;
  /** 统一社会信用代码; empty string when the certificate carries none (some reviewer certificates). */
  creditCode: string;
  role: KeyRole;
  /** 6-digit administrative division code (GB/T 2260) of the jurisdiction; '' when absent. */
  jurisdiction: string;
  /** Certificate serial, hex lower case without leading zeros beyond one byte pair. */
  serial: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 (hex) of the DER SubjectPublicKeyInfo — what the server binds the unit to. */
  publicKeyHash: string;
  algorithm: SignatureAlgorithm;
  /** True for the software demo key; a production server refuses it. */
  demo: boolean;
}

export interface SignOptions {
  /** Put the certificate PEM into the envelope (when the verifier may not have it yet). */
  includeCertificate?: boolean;
}

export interface KeyService {
  readonly kind: 'pkcs11' | 'demo';
  /** What the UI shows for this key; the demo key is always `演示密钥`. */
  readonly displayName: string;
  /** Every slot of the key's module with its token, info and PIN flags (the demo key: one virtual slot). */
  listSlots(): Promise<SlotSummary[]>;
  tokenInfo(): Promise<TokenSummary>;
  pinState(): Promise<PinState>;
  /** The PIN goes straight to the token and is not kept. No retry is attempted on failure. */
  login(pin: string): Promise<void>;
  logout(): Promise<void>;
  isLoggedIn(): boolean;
  /** Closes every session without talking to the (possibly absent) device. */
  dropSessions(): void;
  /** The certificate PEM, readable without login; null when the key holds none. */
  certificatePem(): Promise<string | null>;
  /** Refuses (KeyError CERT_EXPIRED / CERT_NOT_YET_VALID) unless `allowInvalid`. */
  getIdentity(options?: { now?: Date; allowInvalid?: boolean }): Promise<KeyIdentity>;
  /** SHA-256 over `data`, signed by the key; returns the domain's envelope. Requires login. */
  sign(data: Uint8Array, options?: SignOptions): Promise<SignatureEnvelope>;
  /** Software verification of an envelope made by this key (or any key, given its certificate). */
  verify(data: Uint8Array, envelope: SignatureEnvelope): Promise<boolean>;
  changePin(oldPin: string, newPin: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Provisioning on a real token (pkcs11-token.ts), used by the bianban at issue time (`ebz token
 * init`, the server's issueCertificate). Token-wide steps — initialising a blank token with an SO
 * PIN, resetting a locked user PIN — act on a module rather than one key: see token-admin.ts.
 */
export interface ProvisionableKey extends KeyService {
  /** Key pair generated on the token: private key sensitive, never extractable. Returns the CKA_ID. */
  generateKeyPair(options?: { algorithm?: KeyAlgorithm; label?: string; id?: string }): Promise<{ id: string; publicKeySpki: Uint8Array; algorithm: SignatureAlgorithm }>;
  /** PKCS#10 request (PEM) for key `id`, signed on the token. */
  createCsr(id: string, subject: { commonName: string; organization?: string; creditCode?: string }): Promise<string>;
  /** Stores the certificate next to key `id` (CKO_CERTIFICATE, CKC_X_509, same CKA_ID). */
  writeCertificate(certificate: string | Uint8Array, options: { id: string; label?: string }): Promise<void>;
}

/** A signer over raw bytes used to build certificates and CSRs (token key, CA key file, …). */
export interface RawSigner {
  algorithm: SignatureAlgorithm;
  /** DER SubjectPublicKeyInfo of the signing key. */
  publicKeySpki: Uint8Array;
  /** Hash-then-sign `data`; ECDSA returns raw r||s (P1363), RSA the PKCS#1 v1.5 signature. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}
