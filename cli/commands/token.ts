/**
 * `ebz token`: provision and inspect USB keys (PKCS#11 tokens; SoftHSM2 in tests and demos).
 *   init      blank token → SO PIN + user PIN → key pair on the token → certificate written back
 *   info      slots, token flags, PIN state and the identity on each token
 *   reset-pin the bianban's unlock: a new user PIN set with the SO PIN
 * Certificates come from the development CA (native/dev-ca.ts, key files in --ca-dir), or, with
 * --server-data, from the bianban server's own CA on the server machine: the unit (by credit code) or the
 * bianban (by jurisdiction) is looked up in the server's database, and the server records the binding and
 * an audit entry exactly as for POST /api/v1/ca/certificates.
 * PINs given on the command line are visible to other local users (ps); use this on workstations
 * of the bianban or in tests, never on a shared machine.
 */
import { join } from 'node:path';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { validateCreditCode } from '../../domain/validation/credit-code';
import { validatePersonName, validateUnitName } from '../../domain/validation/fields';
import { DevCa } from '../../native/dev-ca';
import { KeyError } from '../../native/key-errors';
import type { KeyAlgorithm, KeyIdentity, KeyRole, SlotSummary, TokenSummary } from '../../native/key-types';
import { loadPkcs11Module, SOFTHSM2_MODULE, type LoadedModule } from '../../native/pkcs11-module';
import { describeSlots, Pkcs11Token, type SlotSelector } from '../../native/pkcs11-token';
import { verifyEnvelope } from '../../native/signing';
import { initToken, resetUserPin } from '../../native/token-admin';
import type { SubjectFields } from '../../native/certificate-profile';
import type { CertificateAuthority } from '../../server/ca/authority';
import type { IssueRequest } from '../../server/ca/certificate-service';
import type { Db } from '../../server/db/database';
import type * as ServerModulesNs from './token-server';

type ServerModules = typeof ServerModulesNs;

export const summary = '初始化 USB 密钥并写入证书（开发 CA 或编办服务器 CA），查看密钥插槽、PIN 状态和证书身份';

const USAGE = `用法：
  ebz token init --label 标签 --so-pin 管理员PIN --pin 用户PIN
                 (--unit 统一社会信用代码 [--unit-name 单位名称] | --reviewer 姓名 --jurisdiction 区划代码 [--bianban 编办名称])
                 [--jurisdiction 区划代码] [--module 驱动路径] [--ca-dir 目录] [--rsa] [--validity-days 天数] [--json]
                 [--server-data 服务器数据目录 [--database-url URL] [--ca-module 驱动路径 --ca-token 令牌标签] [--holder 经办人姓名]]
  ebz token info [--module 驱动路径] [--serial 序列号 | --label 标签] [--login --pin 用户PIN] [--json]
  ebz token reset-pin --so-pin 管理员PIN --new-pin 新用户PIN (--serial 序列号 | --label 标签) [--module 驱动路径]

  --module 默认为 SoftHSM2：${SOFTHSM2_MODULE}
  --ca-dir 默认为 ~/.ebz/dev-ca（开发 CA，首次使用时自动创建）
  --server-data 改用编办服务器的 CA（在服务器本机运行；与 ebz server 的 --data / --database-url / --ca-module /
                --ca-token 相同）：按统一社会信用代码找单位、按区划代码找编办，证书登记和审计记录写入服务器数据库。
                CA 令牌的 PIN 从环境变量 EBZ_CA_PIN 读取。使用内嵌数据库（无 --database-url）时请先停止 ebz server。
`;

const OPTIONS = {
  module: { type: 'string' },
  label: { type: 'string' },
  'so-pin': { type: 'string' },
  pin: { type: 'string' },
  'new-pin': { type: 'string' },
  unit: { type: 'string' },
  'unit-name': { type: 'string' },
  reviewer: { type: 'string' },
  bianban: { type: 'string' },
  jurisdiction: { type: 'string' },
  'ca-dir': { type: 'string' },
  rsa: { type: 'boolean' },
  'validity-days': { type: 'string' },
  'server-data': { type: 'string' },
  'database-url': { type: 'string' },
  'ca-module': { type: 'string' },
  'ca-token': { type: 'string' },
  'ca-key-label': { type: 'string' },
  holder: { type: 'string' },
  serial: { type: 'string' },
  login: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {}

// CLI output is for people: log records go to stderr, and only errors unless asked for more.
const logger = pino({ name: 'ebz-token', level: process.env.EBZ_LOG_LEVEL ?? 'error' }, pino.destination(2));

function need(values: Values, name: keyof Values, what: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`缺少 --${String(name)}（${what}）。`);
  return v;
}

function checkJurisdiction(code: string): string {
  if (!/^\d{6}$/.test(code)) {
    throw new UsageError(`--jurisdiction 应为 6 位行政区划代码（GB/T 2260，如 330100 表示杭州市），实际为“${code}”。`);
  }
  return code;
}

interface Holder {
  role: KeyRole;
  subject: SubjectFields;
  jurisdiction?: string;
}

function holderFrom(values: Values): Holder {
  if (values.unit && values.reviewer) throw new UsageError('--unit 和 --reviewer 只能选一个：单位密钥用 --unit，审核人员密钥用 --reviewer。');
  if (values.unit) {
    const code = validateCreditCode(values.unit);
    if (!code.ok) throw new UsageError(`--unit ${code.error}`);
    let name = code.value;
    if (values['unit-name']) {
      const n = validateUnitName(values['unit-name']);
      if (!n.ok) throw new UsageError(`--unit-name ${n.error}`);
      name = n.value;
    }
    return {
      role: 'unit',
      subject: { commonName: name, organization: name, creditCode: code.value },
      jurisdiction: values.jurisdiction ? checkJurisdiction(values.jurisdiction) : code.value.slice(2, 8),
    };
  }
  if (values.reviewer) {
    const n = validatePersonName(values.reviewer);
    if (!n.ok) throw new UsageError(`--reviewer ${n.error}`);
    const jurisdiction = checkJurisdiction(need(values, 'jurisdiction', '审核人员的管辖区域，6 位行政区划代码'));
    return {
      role: 'reviewer',
      subject: { commonName: n.value, organization: values.bianban ?? `${jurisdiction} 机构编制委员会办公室` },
      jurisdiction,
    };
  }
  throw new UsageError('缺少持有者：单位密钥用 --unit 统一社会信用代码，审核人员密钥用 --reviewer 姓名 --jurisdiction 区划代码。');
}

function selectorFrom(values: Values): SlotSelector {
  return { serialNumber: values.serial, label: values.label };
}

async function init(values: Values): Promise<number> {
  const label = need(values, 'label', '密钥标签，如单位简称');
  const soPin = need(values, 'so-pin', '管理员 PIN 码，由编办保管');
  const pin = need(values, 'pin', '用户 PIN 码，交给单位经办人');
  const holder = holderFrom(values);
  const days = values['validity-days'] ? Number(values['validity-days']) : 3 * 365;
  if (!Number.isInteger(days) || days <= 0) throw new UsageError(`--validity-days 应为正整数（天数），实际为“${values['validity-days']}”。`);
  const algorithm: KeyAlgorithm = values.rsa ? { kind: 'RSA', modulusBits: 2048 } : { kind: 'EC', curve: 'P-256' };
  if (values['server-data']) return initWithServerCa(values, { label, soPin, pin, holder, days, algorithm });
  // Without --server-data: the development CA (no bianban server on this machine).
  const ca = await DevCa.open(values['ca-dir'] ?? join(homedir(), '.ebz', 'dev-ca'));
  const module = loadPkcs11Module(values.module ?? SOFTHSM2_MODULE, { logger });
  try {
    const made = initToken(module.api, { label, soPin, userPin: pin, logger });
    const token = new Pkcs11Token({ module, slot: { serialNumber: made.serialNumber }, logger });
    await token.login(pin);
    try {
      const pair = await token.generateKeyPair({ algorithm, label });
      const csr = await token.createCsr(pair.id, holder.subject);
      const cert = await ca.issue({ csr, subject: holder.subject, role: holder.role, jurisdiction: holder.jurisdiction, validityDays: days });
      await token.writeCertificate(cert.toString('pem'), { id: pair.id, label });
    } finally {
      await token.logout();
    }
    const identity = await token.getIdentity();
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ token: made, identity }, null, 2)}\n`);
    } else {
      process.stdout.write(
        [`密钥已初始化并写入证书：插槽 ${made.slotId}，序列号 ${made.serialNumber}，标签 ${made.label}`, ...identityLines(identity), `签发机构为开发 CA（${ca.dir}），仅供开发测试。`].join('\n') + '\n',
      );
    }
    return 0;
  } finally {
    module.close();
  }
}

interface InitParams {
  label: string;
  soPin: string;
  pin: string;
  holder: Holder;
  days: number;
  algorithm: KeyAlgorithm;
}

/** Whom the server will issue for: resolved before the token is touched, so a typo leaves it blank. */
async function serverHolder(server: ServerModules, db: Db, values: Values, holder: Holder, label: string): Promise<Omit<IssueRequest, 'csr' | 'days'>> {
  if (holder.role === 'unit') {
    const code = holder.subject.creditCode!;
    const unit = await server.findUnitByCreditCode(db, code);
    if (!unit) throw new UsageError(`服务器数据库中没有统一社会信用代码为 ${code} 的单位。请核对 --unit，或先用 ebz server import 导入该单位。`);
    return { role: 'unit', unitId: unit.id, holderName: values.holder ?? label };
  }
  const region = holder.jurisdiction!;
  let found = await server.findBianbansByRegion(db, region);
  if (values.bianban) found = found.filter((b) => b.id === values.bianban || b.name === values.bianban);
  if (found.length === 0) {
    throw new UsageError(`服务器数据库中没有行政区划代码为 ${region}${values.bianban ? `、编号或名称为“${values.bianban}”` : ''} 的编办。请核对 --jurisdiction / --bianban。`);
  }
  if (found.length > 1) {
    throw new UsageError(`行政区划代码 ${region} 对应多个编办（${found.map((b) => `${b.id} ${b.name}`).join('；')}），请用 --bianban 编号 指定一个。`);
  }
  return { role: 'reviewer', bianbanId: found[0]!.id, holderName: holder.subject.commonName };
}

/** Opens the server's CA as `ebz server` does (key file in DIR/ca, or the CA token with EBZ_CA_PIN). */
async function openServerCa({ openCa }: ServerModules, values: Values, dataDir: string): Promise<CertificateAuthority> {
  if (!values['ca-module']) return openCa(dataDir, {});
  const caPin = process.env.EBZ_CA_PIN;
  if (!caPin) throw new UsageError('使用 --ca-module 时需要 CA 令牌的 PIN：请设置环境变量 EBZ_CA_PIN（不要写在命令行上）。');
  return openCa(dataDir, { ca: { modulePath: values['ca-module'], pin: caPin, tokenLabel: values['ca-token'], keyLabel: values['ca-key-label'] } });
}

async function initWithServerCa(values: Values, p: InitParams): Promise<number> {
  const dataDir = values['server-data']!;
  const server = await import('./token-server');
  // The unit's key module is loaded first: the CA signer then finds the library initialised and leaves
  // finalising it to the module's own reference count (both may be SoftHSM2 in one process).
  const module = loadPkcs11Module(values.module ?? SOFTHSM2_MODULE, { logger });
  let db: Db | undefined;
  let ca: CertificateAuthority | undefined;
  try {
    ca = await openServerCa(server, values, dataDir);
    db = await server.openDatabase({ databaseUrl: values['database-url'], dataDir });
    const target = await serverHolder(server, db, values, p.holder, p.label);
    const made = initToken(module.api, { label: p.label, soPin: p.soPin, userPin: p.pin, logger });
    const token = new Pkcs11Token({ module, slot: { serialNumber: made.serialNumber }, logger });
    await token.login(p.pin);
    try {
      const pair = await token.generateKeyPair({ algorithm: p.algorithm, label: p.label });
      // The CSR's subject is only the holder's wish: the server writes its own records into the certificate.
      const csr = await token.createCsr(pair.id, p.holder.subject);
      const deps = { db, ca, config: server.DEFAULT_CONFIG, now: () => new Date() };
      const binding = await server.issueCertificate(deps, 'bootstrap', { ...target, csr, days: p.days });
      await token.writeCertificate(binding.pem, { id: pair.id, label: p.label });
    } finally {
      await token.logout();
    }
    const identity = await token.getIdentity();
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ token: made, identity, server: { dataDir, ...target } }, null, 2)}\n`);
    } else {
      process.stdout.write(
        [
          `密钥已初始化并写入编办服务器 CA 签发的证书：插槽 ${made.slotId}，序列号 ${made.serialNumber}，标签 ${made.label}`,
          ...identityLines(identity),
          `服务器已登记该证书（${target.role === 'unit' ? `单位 ${target.unitId}` : `编办 ${target.bianbanId}`}，经办人 ${target.holderName}）并写入审计日志。`,
        ].join('\n') + '\n',
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof server.HttpError) {
      process.stderr.write(`编办服务器 CA 拒绝签发：${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await db?.close();
    await ca?.signer.close();
    module.close();
  }
}

const ROLE_LABELS: Record<KeyRole, string> = { unit: '单位', reviewer: '编办审核人员' };

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function identityLines(id: KeyIdentity): string[] {
  return [
    `  持有者：${id.holderName}（${ROLE_LABELS[id.role]}）${id.demo ? ' 【演示密钥】' : ''}`,
    `  单位：${id.unitName}`,
    ...(id.creditCode ? [`  统一社会信用代码：${id.creditCode}`] : []),
    ...(id.jurisdiction ? [`  管辖区域：${id.jurisdiction}`] : []),
    `  证书序列号：${id.serial}`,
    `  签发者：${id.issuer}`,
    `  有效期：${ymd(id.notBefore)} 至 ${ymd(id.notAfter)}`,
    `  算法：${id.algorithm}`,
    `  公钥指纹（SHA-256）：${id.publicKeyHash}`,
  ];
}

function flagWords(t: TokenSummary): string {
  const words = [
    t.initialized ? '已初始化' : '未初始化（空白）',
    t.userPinInitialized ? '已设置用户 PIN' : '未设置用户 PIN',
    ...(t.loginRequired ? ['需要登录'] : []),
    ...(t.protectedAuthPath ? ['在密钥上输入 PIN'] : []),
    ...(t.writeProtected ? ['写保护'] : []),
    ...(t.pin.countLow ? ['PIN 曾输错'] : []),
    ...(t.pin.finalTry ? ['PIN 只剩最后一次机会'] : []),
    ...(t.pin.locked ? ['PIN 已锁定，请到编办解锁'] : []),
    ...(t.pin.toBeChanged ? ['需修改 PIN'] : []),
  ];
  return `${words.join('，')}（flags 0x${t.flags.toString(16)}）`;
}

async function info(values: Values): Promise<number> {
  if (values.login && !values.pin) throw new UsageError('--login 需要同时给出 --pin 用户PIN。');
  const module = loadPkcs11Module(values.module ?? SOFTHSM2_MODULE, { logger });
  try {
    const slots = describeSlots(module.api);
    const identities: Record<string, KeyIdentity | { error: string }> = {};
    for (const s of slots) {
      if (!s.token?.initialized) continue;
      const token = new Pkcs11Token({ module, slot: { serialNumber: s.token.serialNumber }, logger });
      try {
        identities[s.token.serialNumber] = await token.getIdentity({ allowInvalid: true });
      } catch (e) {
        identities[s.token.serialNumber] = { error: e instanceof Error ? e.message : String(e) };
      }
    }
    let login: { serialNumber: string; ok: true; signatureVerified: boolean } | undefined;
    if (values.login) {
      const token = new Pkcs11Token({ module, slot: selectorFrom(values), logger });
      await token.login(values.pin!);
      try {
        // A self-test users understand: the key signs, and the signature checks out against the certificate.
        const probe = new TextEncoder().encode(`ebz token info ${new Date().toISOString()}`);
        const env = await token.sign(probe, { includeCertificate: true });
        login = { serialNumber: token.serialNumber, ok: true, signatureVerified: verifyEnvelope(probe, env) };
      } finally {
        await token.logout();
      }
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ module: module.path, library: module.description, slots, identities, login }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`${infoText(module, slots, identities, login)}\n`);
    return 0;
  } finally {
    module.close();
  }
}

function infoText(
  module: LoadedModule,
  slots: SlotSummary[],
  identities: Record<string, KeyIdentity | { error: string }>,
  login: { serialNumber: string; signatureVerified: boolean } | undefined,
): string {
  const out = [`驱动：${module.path}（${module.description}）`, `插槽：${slots.length} 个`];
  for (const s of slots) {
    out.push(`插槽 ${s.slotId}：${s.description}${s.removable ? '（可移动）' : ''}`);
    if (!s.token) {
      out.push('  未插入密钥');
      continue;
    }
    const t = s.token;
    out.push(`  密钥：${t.label || '（无标签）'}，序列号 ${t.serialNumber || '—'}，${t.manufacturer} ${t.model}`);
    out.push(`  状态：${flagWords(t)}；PIN 长度 ${t.minPinLength}–${t.maxPinLength}`);
    const id = identities[t.serialNumber];
    if (id && 'error' in id) out.push(`  证书：${id.error}`);
    else if (id) out.push('  证书：', ...identityLines(id).map((l) => `  ${l}`));
  }
  if (login) out.push(`登录：密钥 ${login.serialNumber} PIN 正确；签名自检${login.signatureVerified ? '通过' : '未通过（签名与证书不符，请联系编办）'}`);
  return out.join('\n');
}

async function resetPin(values: Values): Promise<number> {
  const soPin = need(values, 'so-pin', '管理员 PIN 码');
  const newPin = need(values, 'new-pin', '新的用户 PIN 码');
  if (!values.serial && !values.label) throw new UsageError('请用 --serial 或 --label 指定要解锁的密钥。');
  const module = loadPkcs11Module(values.module ?? SOFTHSM2_MODULE, { logger });
  try {
    resetUserPin(module.api, { slot: selectorFrom(values), soPin, newPin, logger });
    process.stdout.write('已用管理员 PIN 重设用户 PIN，密钥已解锁。请把新 PIN 当面交给单位经办人。\n');
    return 0;
  } finally {
    module.close();
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    process.stderr.write(`参数错误：${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub] = positionals;
  if (values.help || !sub) {
    (values.help ? process.stdout : process.stderr).write(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    switch (sub) {
      case 'init':
        return await init(values);
      case 'info':
        return await info(values);
      case 'reset-pin':
        return await resetPin(values);
      default:
        process.stderr.write(`未知子命令：${sub}\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof KeyError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
