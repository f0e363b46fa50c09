/**
 * `ebz bundle` — removable-media exchange for units with no private-network link (docs/sync.md):
 *   ebz bundle export --out FILE        on the unit's machine: pending outbox → encrypted, signed bundle
 *   ebz bundle import FILE [--out OUT]  a unit's bundle, on the supervising department's machine (online):
 *                                       handed to the server, the results bundle written to OUT;
 *                                       a results bundle, on the unit's machine: applied to its replica
 *   ebz bundle key --out FILE           online: the bianban's bundle encryption key, for a unit's first export
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openReplica } from '../../db/index';
import type { CertifiedBundleKey } from '../../domain/api/bundle';
import { exportBundle } from '../../client/bundle/bundle-export';
import { applyResults } from '../../client/bundle/bundle-results';
import { BundleError, parseEnvelope } from '../../native/bundle-crypto';
import { checkBundleKey } from '../../client/bundle/bundle-trust';
import { ServerConnection, type HttpOptions } from '../../client/connection';
import { DemoKey } from '../../native/demo-key';
import { loadPkcs11Module } from '../../native/pkcs11-module';
import { Pkcs11Token } from '../../native/pkcs11-token';
import type { KeyService } from '../../native/key-types';

export const summary = '移动介质交换：导出本单位待上传申报（export）、导入单位数据包或编办回执（import）、获取编办加密公钥（key）';

const HELP = `用法：
  ebz bundle export --out 文件 [--key 公钥文件]   在单位电脑上导出待上传的申报（加密、签名）
  ebz bundle import 文件 [--out 回执文件]          主管部门导入单位数据包（联网），或单位导入编办回执
  ebz bundle key --out 文件                        联网获取编办的数据包加密公钥，交给单位首次导出时使用
通用参数：
  --data 目录      客户端数据目录（默认 $EBZ_DATA 或 ~/.ebz/client）
  --ca 文件        编办 CA 证书（PEM；默认 $EBZ_SERVER_CA）
  --server 地址    编办服务器 https 地址（import 单位数据包、key 需要；默认 $EBZ_SERVER_URL）
  --module 路径    PKCS#11 模块：使用 USB 密钥；不给则用数据目录中的演示密钥
  PIN 码从环境变量 EBZ_PIN 读取，或用 --pin 给出（不会被记录）`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      key: { type: 'string' },
      data: { type: 'string' },
      ca: { type: 'string' },
      server: { type: 'string' },
      module: { type: 'string' },
      pin: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const [sub, file] = positionals;
  if (values.help || !sub) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const dataDir = resolve(values.data ?? process.env.EBZ_DATA ?? join(homedir(), '.ebz', 'client'));
  const caPem = values.ca ? readFileSync(values.ca, 'utf8') : process.env.EBZ_SERVER_CA;
  if (!caPem) return fail('缺少编办 CA 证书：请用 --ca 指定 CA 证书文件（PEM），它用来核对编办的签名', 2);
  const serverUrl = values.server ?? process.env.EBZ_SERVER_URL;
  const pin = values.pin ?? process.env.EBZ_PIN;
  try {
    if (sub === 'export') {
      if (!values.out) return fail('export 需要 --out 文件：数据包写到哪里（例如 U 盘上的 申报.ebzb）', 2);
      const bundleKey = values.key ? readKeyFile(values.key) : undefined;
      return await withKey(dataDir, values.module, pin, async (key, creditCode) => {
        const store = openReplica(join(dataDir, 'replica.sqlite'));
        try {
          const r = await exportBundle({ store, dataDir, caPem, creditCode, sign: (d) => key.sign(d), bundleKey });
          writeFileSync(values.out!, r.text);
          process.stdout.write(`已导出 ${r.itemCount} 条待上传申报到 ${values.out}（数据包编号 ${r.bundleId}）。\n请交主管部门导入，并把带回的回执用“ebz bundle import 回执文件”导入本机。\n`);
          return 0;
        } finally {
          store.close();
        }
      });
    }
    if (sub === 'import') {
      if (!file) return fail('import 需要数据包文件路径', 2);
      if (!existsSync(file)) return fail(`找不到文件：${file}`, 2);
      const text = readFileSync(file, 'utf8');
      const env = parseEnvelope(text);
      if (env.kind === 'results') {
        return await withKey(dataDir, values.module, pin, async (_key, creditCode) => {
          const store = openReplica(join(dataDir, 'replica.sqlite'));
          try {
            const r = applyResults({ store, dataDir, caPem, creditCode, text });
            process.stdout.write(`回执已导入：${r.acked} 条申报已送达编办，${r.refused.length} 条被拒收，更新本机记录 ${r.changes} 条。\n`);
            for (const x of r.refused) process.stdout.write(`  拒收 ${x.id}：${x.message}\n`);
            return 0;
          } finally {
            store.close();
          }
        });
      }
      if (!serverUrl) return fail('导入单位数据包需要联网：请用 --server 指定编办服务器地址', 2);
      const out = values.out ?? `${file.replace(/\.ebzb$/, '')}.回执.ebzb`;
      return await withKey(dataDir, values.module, pin, async (key) => {
        const http: HttpOptions = { baseUrl: serverUrl, caPem, timeoutMs: 300_000 };
        const r = await connect(http, key).call('bundleImport', { body: { bundle: text } });
        writeFileSync(out, r.results);
        const s = r.summary;
        process.stdout.write(`已代“${s.unitName}”提交：新收 ${s.accepted} 条，此前已收 ${s.duplicate} 条，拒收 ${s.refused} 条。\n回执已写到 ${out}：请拷回该单位，用“ebz bundle import 回执文件”导入。\n`);
        return 0;
      });
    }
    if (sub === 'key') {
      if (!values.out) return fail('key 需要 --out 文件', 2);
      if (!serverUrl) return fail('获取公钥需要联网：请用 --server 指定编办服务器地址', 2);
      return await withKey(dataDir, values.module, pin, async (key) => {
        const http: HttpOptions = { baseUrl: serverUrl, caPem };
        const k = await connect(http, key).call('bundleKey', {});
        checkBundleKey(caPem, k);
        writeFileSync(values.out!, `${JSON.stringify(k, null, 2)}\n`);
        process.stdout.write(`编办数据包加密公钥已写到 ${values.out}（指纹 ${k.key.keyId.slice(0, 16)}…），交单位导出时用 --key 指定。\n`);
        return 0;
      });
    }
    return fail(`未知的子命令：${sub}\n${HELP}`, 2);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e), e instanceof BundleError ? 3 : 1);
  }
}

function fail(message: string, code: number): number {
  process.stderr.write(`${message}\n`);
  return code;
}

function readKeyFile(path: string): CertifiedBundleKey {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CertifiedBundleKey;
  } catch {
    throw new BundleError('FORMAT', `公钥文件 ${path} 无法读取：应为 ebz bundle key 生成的文件`);
  }
}

/** Opens the key (token via --module, else the folder's demo key), logs in, runs `fn`, closes it. */
async function withKey(dataDir: string, modulePath: string | undefined, pin: string | undefined, fn: (key: KeyService, creditCode: string) => Promise<number>): Promise<number> {
  if (!pin) return fail('需要密钥的 PIN 码：请设置环境变量 EBZ_PIN 或用 --pin 给出', 2);
  const key: KeyService = modulePath ? new Pkcs11Token({ module: loadPkcs11Module(modulePath), ownsModule: true }) : await DemoKey.open({ dataDir });
  try {
    await key.login(pin);
    const id = await key.getIdentity();
    return await fn(key, id.creditCode);
  } finally {
    await key.close();
  }
}

/** The client's one connection, logged in with this key. */
function connect(http: HttpOptions, key: KeyService): ServerConnection {
  return new ServerConnection({ http, sign: (data) => key.sign(data), certificatePem: () => key.certificatePem() });
}
