import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { issueCertificate } from '../../server/ca/certificate-service';
import { DEFAULT_CONFIG, todayOf } from '../../server/context';
import { openDatabase } from '../../server/db/open';
import { ImportRejected, importRecords, type ImportFile, type ImportReject } from '../../server/import/import-seed';
import { readTableImport, type TableImport } from '../../server/import/table-import';
import { openCa, runUntilSignalled } from '../../server/main';

export const summary = '编办服务器：启动（HTTPS）、导入初始数据（import）、离线签发首个审核员证书（issue-cert）';

const HELP = `用法：
  ebz server [--host H] [--port P] --data DIR [--database-url URL] [--ca-module PATH --ca-token LABEL] [--production]
      启动编办服务器（总是 HTTPS；首次启动时在 DIR 中生成 CA 与服务器证书）。
      --production（或环境变量 EBZ_SERVER_PRODUCTION=1）：生产模式，拒绝演示密钥证书登录，也不签发演示证书。
      不给 --database-url 时使用 DIR 下的内嵌数据库（PGlite）。
      --ca-module 指定 PKCS#11 模块时，CA 密钥在令牌中；PIN 从环境变量 EBZ_CA_PIN 读取（或 --ca-pin，不推荐）。
  ebz server import FILE... --data DIR [--database-url URL] [--skip-bad]
      导入 ebz seed 生成的 JSON，或 CSV（units.csv、ledger.csv、staff.csv …）/ XLSX（每节一个工作表，列见 docs/server.md）：
      逐行检查，有任何错误行则全部不导入并按工作表和行号列出错误（--skip-bad 跳过错误行，导入其余）。
  ebz server issue-cert --csr FILE --role reviewer|unit (--bianban ID | --unit ID) --holder 姓名 --out FILE --data DIR [--database-url URL] [--ca-module PATH --ca-token LABEL] [--demo]
      在服务器本机离线签发证书（用于首个审核员；其后由审核员在系统中签发）。--demo 签发带演示标记的证书（仅开发模式可用）。
      证书按电子编制管理证格式签发（单位名称、统一社会信用代码、角色、管辖区域，见 docs/usb-key.md），桌面客户端可直接识别。
      直接为空白 USB 密钥发证：ebz token init … --server-data DIR（见 docs/usb-key.md）。`;

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return runImport(rest);
  if (sub === 'issue-cert') return runIssue(rest);
  const { values } = parseArgs({
    args: sub === 'start' ? rest : args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8443' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      ...CA_OPTIONS,
      'ca-name': { type: 'string' },
      'body-limit': { type: 'string' },
      production: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.data) {
    process.stderr.write(`缺少 --data：请指定服务器数据目录（存放 CA、证书和内嵌数据库），例如 --data ./server-data\n\n${HELP}\n`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port：“${values.port}”不是有效端口号（0–65535）\n`);
    return 2;
  }
  const ca = caOptions(values);
  if (ca === 'missing-pin') return 2;
  return runUntilSignalled({
    host: values.host,
    port,
    dataDir: values.data,
    databaseUrl: values['database-url'],
    ca,
    caName: values['ca-name'],
    config: { ...(values['body-limit'] ? { bodyLimit: Number(values['body-limit']) } : {}), production: values.production || process.env.EBZ_SERVER_PRODUCTION === '1' },
  });
}

const CA_OPTIONS = {
  'ca-module': { type: 'string' },
  'ca-pin': { type: 'string' },
  'ca-token': { type: 'string' },
  'ca-key-label': { type: 'string' },
} as const;

function caOptions(values: { 'ca-module'?: string; 'ca-pin'?: string; 'ca-token'?: string; 'ca-key-label'?: string }) {
  if (!values['ca-module']) return undefined;
  const pin = values['ca-pin'] ?? process.env.EBZ_CA_PIN;
  if (!pin) {
    process.stderr.write('使用 --ca-module 时需要 CA 令牌的 PIN：请设置环境变量 EBZ_CA_PIN\n');
    return 'missing-pin' as const;
  }
  return { modulePath: values['ca-module'], pin, tokenLabel: values['ca-token'], keyLabel: values['ca-key-label'] };
}

async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { data: { type: 'string' }, 'database-url': { type: 'string' }, 'skip-bad': { type: 'boolean', default: false } },
    strict: true,
  });
  if (!positionals.length || (!values.data && !values['database-url'])) {
    process.stderr.write(`用法：ebz server import FILE... --data DIR [--database-url URL] [--skip-bad]\n`);
    return 2;
  }
  const today = todayOf(new Date());
  let parsed: ImportFile;
  let table: TableImport | null = null;
  try {
    if (positionals.length === 1 && positionals[0]!.toLowerCase().endsWith('.json')) {
      parsed = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as ImportFile;
    } else {
      table = await readTableImport(positionals, today);
      parsed = table.file;
    }
  } catch (e) {
    process.stderr.write(`无法读取导入文件 ${positionals.join(' ')}：${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const db = await openDatabase({ databaseUrl: values['database-url'], dataDir: values.data });
  try {
    const t0 = Date.now();
    const report = await importRecords(db, parsed, { today, skipBad: values['skip-bad'], extraRejects: table?.rejects, locate: table?.locate });
    for (const r of report.rejects) process.stderr.write(`已跳过 ${where(r)}：${r.reason}\n`);
    const counts = Object.entries(report.counts).map(([k, v]) => `${k} ${v}`).join('，');
    process.stdout.write(`导入完成（${((Date.now() - t0) / 1000).toFixed(1)} 秒）：${counts}${report.rejects.length ? `；跳过 ${report.rejects.length} 行` : ''}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ImportRejected) {
      for (const r of e.rejects.slice(0, 200)) process.stderr.write(`${where(r)}：${r.reason}\n`);
      if (e.rejects.length > 200) process.stderr.write(`……另有 ${e.rejects.length - 200} 行错误未列出\n`);
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}

function where(r: ImportReject): string {
  return `${r.sheet ?? r.section} 第 ${r.row} 行${r.id ? `（${r.id}）` : ''}`;
}

async function runIssue(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      csr: { type: 'string' },
      role: { type: 'string' },
      bianban: { type: 'string' },
      unit: { type: 'string' },
      holder: { type: 'string' },
      out: { type: 'string' },
      days: { type: 'string' },
      demo: { type: 'boolean', default: false },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      ...CA_OPTIONS,
    },
    strict: true,
  });
  const caOpts = caOptions(values);
  if (caOpts === 'missing-pin') return 2;
  if (!values.csr || !values.out || !values.holder || !values.data || (values.role !== 'reviewer' && values.role !== 'unit')) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  const ca = await openCa(values.data, { ca: caOpts });
  const db = await openDatabase({ databaseUrl: values['database-url'], dataDir: values.data });
  try {
    const b = await issueCertificate({ db, ca, config: DEFAULT_CONFIG, now: () => new Date() }, 'bootstrap', {
      csr: readFileSync(values.csr, 'utf8'),
      role: values.role,
      bianbanId: values.bianban,
      unitId: values.unit,
      holderName: values.holder,
      days: values.days ? Number(values.days) : undefined,
      demo: values.demo,
    });
    writeFileSync(values.out, b.pem);
    process.stdout.write(`已签发证书（序列号 ${b.serial}），写入 ${values.out}\n`);
    return 0;
  } finally {
    await db.close();
    await ca.signer.close();
  }
}
