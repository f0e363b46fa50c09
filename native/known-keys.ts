/**
 * The registry of USB keys this installation recognises: HID vendor/product id → name and PKCS#11
 * module per OS. Shipped as native/known-keys.json; a bianban can replace it with its own file
 * (EBZ_KNOWN_KEYS=/path/to/keys.json, or the path the app passes) without a new build.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface KnownKey {
  name: string;
  vendorId: number;
  productId: number;
  /** PKCS#11 module path per `process.platform` (win32, linux, darwin). */
  modules: Partial<Record<NodeJS.Platform, string>>;
}

export const DEFAULT_KNOWN_KEYS_PATH = fileURLToPath(new URL('./known-keys.json', import.meta.url));

function hexId(v: unknown, where: string): number {
  const s = typeof v === 'number' ? v.toString(16) : v;
  if (typeof s !== 'string' || !/^(0x)?[0-9a-f]{1,4}$/i.test(s)) {
    throw new Error(`密钥登记表 ${where}：应为 4 位十六进制数（如 "096e"），实际为 ${JSON.stringify(v)}`);
  }
  return parseInt(s.replace(/^0x/i, ''), 16);
}

/** Validates a parsed registry; messages say which entry and field are wrong. */
export function parseKnownKeys(json: unknown, source = 'known-keys.json'): KnownKey[] {
  const keys = (json as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new Error(`密钥登记表 ${source}：缺少 "keys" 数组`);
  return keys.map((k: unknown, i) => {
    const e = k as Record<string, unknown>;
    const where = `${source} 第 ${i + 1} 项`;
    if (typeof e.name !== 'string' || e.name.trim() === '') throw new Error(`密钥登记表 ${where}：缺少名称 "name"`);
    const modules = e.modules;
    if (typeof modules !== 'object' || modules === null || Object.values(modules).some((m) => typeof m !== 'string')) {
      throw new Error(`密钥登记表 ${where}（${e.name}）："modules" 应为 { "win32": 路径, "linux": 路径, "darwin": 路径 }`);
    }
    return {
      name: e.name,
      vendorId: hexId(e.vendorId, `${where}（${e.name}）的 vendorId`),
      productId: hexId(e.productId, `${where}（${e.name}）的 productId`),
      modules: modules as KnownKey['modules'],
    };
  });
}

export function loadKnownKeys(path: string = process.env.EBZ_KNOWN_KEYS ?? DEFAULT_KNOWN_KEYS_PATH): KnownKey[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`找不到密钥登记表 ${path}。请检查 EBZ_KNOWN_KEYS 设置或重新安装程序。`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`密钥登记表 ${path} 不是合法的 JSON：${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parseKnownKeys(json, path);
}

export function findKnownKey(keys: KnownKey[], vendorId: number, productId: number): KnownKey | undefined {
  return keys.find((k) => k.vendorId === vendorId && k.productId === productId);
}

export function modulePathFor(key: KnownKey, platform: NodeJS.Platform = process.platform): string | undefined {
  return key.modules[platform];
}
