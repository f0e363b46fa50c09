/**
 * CA key on a PKCS#11 token (SoftHSM2 in tests, the vendor module in production). The key pair is made
 * on the token when the label is not found and `generate` is set; the private key never leaves it.
 * Sessions, login (the PIN is checked even when the token is already logged in), the per-token
 * operation queue and hash-then-sign are the key layer's (native/pkcs11-session.ts), the same code as
 * the USB key's.
 */
import { KeyError, toKeyError } from '../../native/key-errors';
import { DEFAULT_KEY_ALGORITHM } from '../../native/key-types';
import { nativeLogger, type Logger } from '../../native/logger';
import { loadPkcs11Module, pkcs11js } from '../../native/pkcs11-module';
import { Pkcs11Session } from '../../native/pkcs11-session';
import { importPublicKey, type CaSigner } from './signer';

export interface Pkcs11SignerOptions {
  modulePath: string;
  pin: string;
  tokenLabel?: string;
  keyLabel?: string;
  generate?: boolean;
  logger?: Logger;
}

export async function openPkcs11Signer(options: Pkcs11SignerOptions): Promise<CaSigner> {
  // Without a logger of the caller's, only refusals and failures are logged: `ebz token init --json`
  // opens the CA in the CLI process, and its stdout must stay one JSON document.
  const o = { ...options, logger: options.logger ?? nativeLogger().child({}, { level: 'warn' }) };
  const module = loadPkcs11Module(o.modulePath, { logger: o.logger });
  let token: Pkcs11Session | undefined;
  try {
    token = openCaToken(o, module);
    await token.login(o.pin).catch((e: unknown) => {
      throw caLoginError(toKeyError(e));
    });
    const t = token;
    const keyLabel = o.keyLabel ?? 'ebz-ca';
    const key = { label: keyLabel };
    const { algorithm, spki } = await t.withLogin('open CA key', async (s) => {
      let pub = t.findObject(s, pkcs11js.CKO_PUBLIC_KEY, key);
      if (!pub || !t.findObject(s, pkcs11js.CKO_PRIVATE_KEY, key)) {
        if (!o.generate) throw new KeyError('NO_PRIVATE_KEY', `CA 令牌中没有标签为“${keyLabel}”的密钥对。请检查 --ca-key-label，或在该令牌上生成 CA 密钥对。`);
        pub = (await t.generateKeyPair(s, DEFAULT_KEY_ALGORITHM, { label: keyLabel })).publicKey;
      }
      return { algorithm: t.signingKey(s, key).algorithm, spki: t.publicKeySpki(s, pub) };
    });
    const publicKey = await importPublicKey(algorithm, spki);
    return {
      alg: algorithm,
      publicKey,
      async sign(data) {
        return new Uint8Array(await t.withLogin('CA sign', (s) => t.sign(s, t.signingKey(s, key), data)));
      },
      async close() {
        await t.logout();
        module.close();
      },
    };
  } catch (e) {
    await token?.logout();
    module.close();
    throw e;
  }
}

function openCaToken(o: Pkcs11SignerOptions, module: ReturnType<typeof loadPkcs11Module>): Pkcs11Session {
  try {
    return new Pkcs11Session({ module, slot: o.tokenLabel ? { label: o.tokenLabel } : {}, logger: o.logger, component: 'ca-signer' });
  } catch (e) {
    const err = toKeyError(e);
    throw new KeyError(err.code, `未找到标签为“${o.tokenLabel ?? ''}”的 PKCS#11 令牌，请检查 --ca-token 与 --ca-module`, err.ckr);
  }
}

/** The key layer's login errors speak to a key holder; the CA's operator sets the PIN in EBZ_CA_PIN. */
function caLoginError(err: KeyError): KeyError {
  switch (err.code) {
    case 'PIN_INCORRECT':
    case 'PIN_INVALID':
      return new KeyError(err.code, 'CA 令牌登录失败：PIN 不正确。请核对环境变量 EBZ_CA_PIN 中的 CA 令牌 PIN；连续输错会锁定令牌。', err.ckr);
    case 'PIN_LOCKED':
      return new KeyError(err.code, 'CA 令牌登录失败：令牌的 PIN 已锁定。请用该令牌的管理员 PIN（SO PIN）重设用户 PIN 后再启动。', err.ckr);
    default:
      return new KeyError(err.code, `CA 令牌登录失败：${err.message}`, err.ckr);
  }
}
