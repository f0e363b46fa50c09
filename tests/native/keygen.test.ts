/**
 * Key pairs generated on a real SoftHSM2 token are sign-only: the private key reports CKA_DECRYPT,
 * CKA_UNWRAP and CKA_DERIVE false and the token refuses C_DecryptInit, C_UnwrapKey and C_DeriveKey
 * with it; the public key reports CKA_ENCRYPT and CKA_WRAP false and C_EncryptInit is refused.
 * Signing still works. (SoftHSM2 defaults CKA_DECRYPT, CKA_UNWRAP, CKA_ENCRYPT and CKA_WRAP to true when the
 * template leaves them out; it already refuses ECDH with a P-256 signing key, other modules may not.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSoftHsmDir, type SoftHsmDir } from './helpers/softhsm';
import { loadPkcs11Module, pkcs11js, type LoadedModule } from '../../native/pkcs11-module';
import { Pkcs11Session, type GeneratedObjects } from '../../native/pkcs11-session';
import { initToken } from '../../native/token-admin';
import type { KeyAlgorithm } from '../../native/key-types';

const P = pkcs11js;
const SO = '87654321';
const PIN = '246813';
let hsm: SoftHsmDir;
let module: LoadedModule;
let token: Pkcs11Session;

beforeAll(async () => {
  hsm = makeSoftHsmDir();
  module = loadPkcs11Module();
  const { serialNumber } = initToken(module.api, { label: 'keygen', soPin: SO, userPin: PIN });
  token = new Pkcs11Session({ module, slot: { serialNumber } });
  await token.login(PIN);
}, 60_000);

afterAll(async () => {
  await token?.logout();
  module?.close();
  hsm?.remove();
});

function flag(session: Buffer, handle: Buffer, type: number): boolean {
  const [a] = token.api.C_GetAttributeValue(session, handle, [{ type }]);
  return a?.value?.[0] === 1;
}

/** The module itself: the project's Pkcs11Api lists only the functions it uses, not decrypt / unwrap / derive. */
function raw(): pkcs11js.PKCS11 {
  return module.api as unknown as pkcs11js.PKCS11;
}

/** The CKR_… name the token answered, or 'CKR_OK' when it did not refuse. */
function refusal(fn: () => unknown): string {
  try {
    fn();
    return 'CKR_OK';
  } catch (e) {
    return /CKR_[A-Z_]+/.exec(String(e))?.[0] ?? String(e);
  }
}

async function generate(algorithm: KeyAlgorithm, label: string): Promise<GeneratedObjects> {
  return token.withLogin('generate', (s) => token.generateKeyPair(s, algorithm, { label }));
}

describe.each([
  ['EC P-256', { kind: 'EC', curve: 'P-256' } as KeyAlgorithm],
  ['RSA 2048', { kind: 'RSA', modulusBits: 2048 } as KeyAlgorithm],
])('a generated %s key pair is sign-only', (name, algorithm) => {
  let keys: GeneratedObjects;
  beforeAll(async () => {
    keys = await generate(algorithm, `keygen ${name}`);
  }, 60_000);

  it('the private key reports CKA_SIGN true and CKA_DECRYPT, CKA_UNWRAP, CKA_DERIVE false; the public key CKA_ENCRYPT, CKA_WRAP false', async () => {
    await token.withLogin('attributes', (s) => {
      expect(flag(s, keys.privateKey, P.CKA_SIGN)).toBe(true);
      expect(flag(s, keys.privateKey, P.CKA_DECRYPT)).toBe(false);
      expect(flag(s, keys.privateKey, P.CKA_UNWRAP)).toBe(false);
      expect(flag(s, keys.privateKey, P.CKA_DERIVE)).toBe(false);
      expect(flag(s, keys.publicKey, P.CKA_VERIFY)).toBe(true);
      expect(flag(s, keys.publicKey, P.CKA_ENCRYPT)).toBe(false);
      expect(flag(s, keys.publicKey, P.CKA_WRAP)).toBe(false);
    });
  });

  it('still signs', async () => {
    const sig = await token.withLogin('sign', (s) => token.sign(s, token.signingKey(s, { id: keys.id }), Buffer.from('电子编制')));
    expect(sig.length).toBeGreaterThan(0);
  });
});

describe('the token refuses to use a generated key for anything but signing', () => {
  it('RSA: C_DecryptInit and C_UnwrapKey with the private key, C_EncryptInit with the public key fail', async () => {
    const keys = await generate({ kind: 'RSA', modulusBits: 2048 }, 'keygen rsa refusals');
    await token.withLogin('refusals', (s) => {
      expect(refusal(() => raw().C_DecryptInit(s, { mechanism: P.CKM_RSA_PKCS }, keys.privateKey))).toBe('CKR_KEY_FUNCTION_NOT_PERMITTED');
      expect(refusal(() => raw().C_EncryptInit(s, { mechanism: P.CKM_RSA_PKCS }, keys.publicKey))).toBe('CKR_KEY_FUNCTION_NOT_PERMITTED');
      const unwrapped = refusal(() =>
        raw().C_UnwrapKey(s, { mechanism: P.CKM_RSA_PKCS }, keys.privateKey, Buffer.alloc(256, 1), [
          { type: P.CKA_CLASS, value: P.CKO_SECRET_KEY },
          { type: P.CKA_KEY_TYPE, value: P.CKK_AES },
          { type: P.CKA_TOKEN, value: false },
        ]),
      );
      expect(unwrapped).toBe('CKR_KEY_FUNCTION_NOT_PERMITTED');
    });
  });

  it('EC: C_DeriveKey (ECDH) with the private key fails', async () => {
    const keys = await generate({ kind: 'EC', curve: 'P-256' }, 'keygen ec refusals');
    await token.withLogin('refusals', (s) => {
      const [point] = token.api.C_GetAttributeValue(s, keys.publicKey, [{ type: P.CKA_EC_POINT }]);
      const derived = refusal(() =>
        raw().C_DeriveKey(
          s,
          { mechanism: P.CKM_ECDH1_DERIVE, parameter: { type: P.CK_PARAMS_EC_DH, kdf: P.CKD_NULL, publicData: point!.value! } as pkcs11js.ECDH1 },
          keys.privateKey,
          [
            { type: P.CKA_CLASS, value: P.CKO_SECRET_KEY },
            { type: P.CKA_KEY_TYPE, value: P.CKK_GENERIC_SECRET },
            { type: P.CKA_VALUE_LEN, value: 32 },
            { type: P.CKA_TOKEN, value: false },
          ],
        ),
      );
      expect(derived).toBe('CKR_KEY_FUNCTION_NOT_PERMITTED');
    });
  });
});
