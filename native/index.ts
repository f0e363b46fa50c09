/**
 * The USB key layer's public surface, for electron/, client services, cli/ and (by copy of the
 * profile builder) server/. See docs/usb-key.md.
 */
export * from './key-types';
export { KeyError, toKeyError, type KeyErrorCode } from './key-errors';
export { loadPkcs11Module, SOFTHSM2_MODULE, type LoadedModule, type Pkcs11Api } from './pkcs11-module';
export { Pkcs11Token } from './pkcs11-token';
export { describeSlots, findSlot, type SlotSelector } from './pkcs11-slots';
export { Pkcs11Session, type KeySelector, type SigningKey } from './pkcs11-session';
export { initToken, resetUserPin, findBlankSlot } from './token-admin';
export { parseIdentity, assertIdentityValid } from './identity';
export { verifyEnvelope, publicKeyHash } from './signing';
export {
  buildCertificate,
  buildCsr,
  buildSubjectName,
  EBZ_OID_ARC,
  OID_EBZ_DEMO,
  OID_EBZ_JURISDICTION,
  OID_EBZ_ROLE,
  OID_ORGANIZATION_IDENTIFIER,
  type BuildCertificateParams,
  type SubjectFields,
} from './certificate-profile';
export { DevCa, keyObjectSigner, DEFAULT_DEV_CA_DIR } from './dev-ca';
export { DemoKey, DEMO_LABEL, DEMO_PIN } from './demo-key';
export { HidKeyWatcher, Pkcs11SlotWatcher, nodeHidEnumerator, type KeyPresence, type HidDevice, type HidEnumerator } from './key-watcher';
export { loadKnownKeys, parseKnownKeys, findKnownKey, modulePathFor, type KnownKey } from './known-keys';
export { KeySession, type KeyLocked, type LockReason } from './key-session';
