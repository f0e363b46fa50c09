import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { SealedForm } from '../../domain/forms/sealed-content';
import { todayOf } from '../../domain/validation/calendar';
import {
  formOfCliName,
  isFormKind,
  isNoticeKind,
  PRINT_FORM_TITLES,
  PRINTABLE_FORMS,
  PRINT_FORMS,
  type PrintForm,
} from '../../domain/forms/printable-forms';
// Only what the help text, the checks and the browser launch need is loaded up front: Chromium's cold
// start (most of a cold `ebz print`) then overlaps loading the print code, the replica and the data.
import { createPdfRenderer } from '../../client/print/chromium-pdf';
import type { PrintService, PrintTarget } from '../../client/print/index';

export const summary = '打印表单为 PDF（编制使用单、入编/出编通知单、登记表、公示、核查报告、管理证摘录）';

const FORM_LINES = PRINT_FORMS.map((f) => `  ${PRINTABLE_FORMS[f].cli.padEnd(22)}${PRINT_FORM_TITLES[f]}`).join('\n');
const NOTICE_CLI_NAMES = PRINT_FORMS.filter(isNoticeKind).map((f) => PRINTABLE_FORMS[f].cli);

const HELP = `用法：ebz print 表单 (--id 编号或单位ID | --demo) --out 文件.pdf [选项]

表单：
${FORM_LINES}

  --id ID            编制使用单、通知单填表单编号；登记表、公示、核查报告、管理证摘录填单位 ID
  --replica FILE     本地数据库文件（与 --id 一起使用）
  --demo             用演示数据打印（演示签章，仅供查看效果），不需要本地数据库
  --out FILE         输出 PDF 路径（必填）
  --month YYYY-MM    批量打印：某单位（--unit）当月签发的全部入编或出编通知单，合成一个 PDF
  --unit ID          批量打印的单位（--demo 时可省略）
  --draft REQUEST    打印某申报的草稿（带“草稿”水印，不盖章）
  --reprint          标记为补打（已打印过的表单会自动标记）
  --copies N         份数（写入打印记录），默认 1；管理证摘录每份两联
  --by NAME          打印人（写入打印记录），默认“命令行”
  --seals FILE       已签章表单 JSON（数组，每项含 number、kind、content、digest、seal）
  --trust FILE       编办签章证书（PEM）；给出时本地签章须验签通过才打印
  --verify-base URL  二维码中的核验地址前缀，默认 https://ebz.example
  --today DATE       打印日期（YYYY-MM-DD），默认今天
  --start DATE       公示开始日期；--working-days N 公示工作日数（至少 5）
  --chromium PATH    Chromium 路径，默认 /usr/bin/chromium（或环境变量 EBZ_CHROMIUM）

示例：
  ebz print post-use-slip --demo --out 使用单.pdf
  ebz print registration-sheet --id <单位ID> --replica ~/.ebz/replica.db --out 登记表.pdf
  ebz print enrollment-notice --demo --month 2026-03 --out 三月入编通知单.pdf`;

function fail(msg: string): number {
  process.stderr.write(`${msg}\n`);
  return 1;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      replica: { type: 'string' },
      demo: { type: 'boolean' },
      out: { type: 'string' },
      month: { type: 'string' },
      unit: { type: 'string' },
      draft: { type: 'string' },
      reprint: { type: 'boolean' },
      copies: { type: 'string', default: '1' },
      by: { type: 'string', default: '命令行' },
      seals: { type: 'string' },
      trust: { type: 'string' },
      'verify-base': { type: 'string', default: 'https://ebz.example' },
      today: { type: 'string' },
      start: { type: 'string' },
      'working-days': { type: 'string' },
      chromium: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${HELP}\n`);
    return positionals.length === 0 && !values.help ? 1 : 0;
  }
  const name = positionals[0]!;
  const form = formOfCliName(name);
  if (!form) return fail(`未知表单“${name}”。可选：${PRINT_FORMS.map((f) => PRINTABLE_FORMS[f].cli).join('、')}`);
  if (!values.out) return fail('缺少 --out：请指定输出 PDF 文件，例如 --out 表单.pdf');
  if (!values.demo && !values.replica) return fail('请指定数据来源：--replica 本地数据库文件（配合 --id），或 --demo 使用演示数据');
  if (values.today && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) return fail(`--today 格式应为 YYYY-MM-DD，收到“${values.today}”`);
  const copies = Number(values.copies);
  if (!Number.isInteger(copies) || copies < 1 || copies > 99) return fail(`--copies 应为 1–99 的整数，收到“${values.copies}”`);
  if (values.month && !isNoticeKind(form)) return fail(`--month 批量打印只适用于 ${NOTICE_CLI_NAMES.join(' 和 ')}`);
  const now = values.today ? () => new Date(`${values.today}T12:00:00`) : () => new Date();
  const started = Date.now();

  // Launch Chromium now; a failed launch is reported (in Chinese) by the print call, which retries it.
  const renderer = createPdfRenderer({ executablePath: values.chromium });
  renderer.warm().catch(() => undefined);
  try {
    return await printWith(renderer, form, { ...values, out: values.out }, copies, now, started);
  } finally {
    await renderer.close();
  }
}

async function printWith(
  renderer: ReturnType<typeof createPdfRenderer>,
  form: PrintForm,
  values: {
    id?: string; replica?: string; demo?: boolean; out: string; month?: string; unit?: string; draft?: string; reprint?: boolean; by: string; seals?: string; trust?: string;
    'verify-base': string; chromium?: string; start?: string; 'working-days'?: string;
  },
  copies: number,
  now: () => Date,
  started: number,
): Promise<number> {
  const [{ createPrintService, demoPrintSet, pdfPageCount }, { openReplica }] = await Promise.all([import('../../client/print/index'), import('../../db/index')]);

  let service: PrintService;
  let close = async () => {};
  let demoPicks: { unitId: string; numbers: Record<string, string>; months: (kind: string) => string[] } | null = null;
  const base = { verifyBaseUrl: values['verify-base'], chromiumPath: values.chromium, now, renderer };
  if (values.demo) {
    const today = todayOf(now());
    const demo = await demoPrintSet({ asOf: today });
    demoPicks = {
      unitId: demo.unitId,
      numbers: demo.numbers,
      months: (kind) => [...new Set(demo.notices.filter((n) => n.unitId === demo.unitId && n.kind === kind).map((n) => n.issuedOn.slice(0, 7)))].sort(),
    };
    service = createPrintService({ ...base, source: demo.source, trustedCertificates: () => [demo.sealer.certificatePem] });
  } else {
    const sealList = values.seals ? (JSON.parse(readFileSync(values.seals, 'utf8')) as SealedForm[]) : [];
    const seals = new Map(sealList.map((s) => [s.number, s]));
    const trusted = values.trust ? [readFileSync(values.trust, 'utf8')] : [];
    const store = openReplica(values.replica!);
    close = async () => store.close();
    service = createPrintService({ ...base, store, seals: (n) => seals.get(n) ?? null, trustedCertificates: () => trusted });
  }

  try {
    if (values.month && isNoticeKind(form)) {
      const unitId = values.unit ?? demoPicks?.unitId;
      if (!unitId) return fail('批量打印需要 --unit 单位ID');
      const kind = form;
      const numbers = service.noticesOfMonth(unitId, values.month, kind);
      if (numbers.length === 0 && demoPicks) {
        return fail(`演示单位在 ${values.month} 没有${PRINT_FORM_TITLES[form]}；有通知单的月份：${demoPicks.months(kind).join('、') || '无'}`);
      }
      if (numbers.length === 0) return fail(`单位 ${unitId} 在 ${values.month} 没有签发${PRINT_FORM_TITLES[form]}`);
      const r = await service.printBatch(
        numbers.map((n) => ({ form: kind, number: n })),
        { printedBy: values.by, copies, reprint: values.reprint },
      );
      await writeFile(values.out, r.pdf);
      process.stdout.write(`已生成 ${values.out}：${values.month} ${PRINT_FORM_TITLES[form]} ${numbers.length} 份，${pdfPageCount(r.pdf)} 页，${Math.round(r.pdf.length / 1024)} KB，用时 ${Date.now() - started} ms\n`);
      return 0;
    }
    const target = targetFor(form, values, demoPicks);
    if (typeof target === 'string') return fail(target);
    const r = await service.print(target, { printedBy: values.by, copies, reprint: values.reprint });
    await writeFile(values.out, r.pdf);
    const p = r.prepared;
    const marks = [p.draft ? '草稿' : '', p.reprint ? '补打' : '', isFormKind(form) && !p.draft && !p.html.includes('class="seal"') ? '无电子签章（本机未同步签章）' : ''].filter(Boolean);
    process.stdout.write(
      `已生成 ${values.out}：${p.label}${p.number ? ` ${p.number}` : ''}，${pdfPageCount(r.pdf)} 页，${Math.round(r.pdf.length / 1024)} KB，用时 ${Date.now() - started} ms${marks.length ? `（${marks.join('，')}）` : ''}\n`,
    );
    return 0;
  } finally {
    await service.close();
    await close();
  }
}

function targetFor(
  form: PrintForm,
  v: { id?: string; draft?: string; start?: string; 'working-days'?: string },
  demo: { unitId: string; numbers: Record<string, string> } | null,
): PrintTarget | string {
  if (isFormKind(form)) {
    if (v.draft) return { form, draftOf: v.draft };
    const number = v.id ?? demo?.numbers[form];
    if (!number) return `请用 --id 指定${PRINT_FORM_TITLES[form]}的编号`;
    return { form, number };
  }
  const unitId = v.id ?? demo?.unitId;
  if (!unitId) return `请用 --id 指定要打印${PRINT_FORM_TITLES[form]}的单位 ID`;
  if (form === 'publicityNotice') {
    const days = v['working-days'] ? Number(v['working-days']) : undefined;
    return { form, unitId, start: v.start, workingDays: days };
  }
  return { form, unitId } as PrintTarget;
}
