/**
 * Electron printing for the print centre (client/print-port.ts `NativePrinter`): the system's printers,
 * printing with a chosen printer and copies (optionally without the dialog), and save-as-PDF with a save
 * dialog. Each job's HTML is served from our own app://ebz origin (`/print-job/…`, under the same CSP as
 * the window) to a hidden, sandboxed window that is destroyed afterwards, so the fonts under
 * /print-assets load exactly as in the preview. Everything the renderer sent has been checked against
 * the contract already; the printer name and copies are checked here again against what the system has.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { BrowserWindow, dialog, type BrowserWindowConstructorOptions, type WebContentsPrintOptions } from 'electron';
import { ApiError } from '../domain/contract/errors';
import type { PrinterView } from '../domain/contract/photo-print-views';
import type { NativePrinter } from '../client/print-port';
import { APP_ORIGIN, type ExtraAsset } from './security';

export const PRINT_JOB_PREFIX = '/print-job/';

/** The HTML of jobs in progress, served on app://ebz/print-job/{id}.html only while the job runs. */
export class PrintJobs {
  private readonly jobs = new Map<string, string>();

  add(html: string): { id: string; url: string } {
    const id = randomUUID();
    this.jobs.set(`${id}.html`, html);
    return { id, url: `${APP_ORIGIN}${PRINT_JOB_PREFIX}${id}.html` };
  }

  remove(id: string): void {
    this.jobs.delete(`${id}.html`);
  }

  get size(): number {
    return this.jobs.size;
  }

  readonly asset: ExtraAsset = {
    prefix: PRINT_JOB_PREFIX,
    read: (name) => {
      const html = this.jobs.get(name);
      return html === undefined ? null : { body: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8' };
    },
  };
}

/** The hidden window a job renders in: no preload, sandboxed, never shown. */
export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 794,
  height: 1123,
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, spellcheck: false, devTools: false },
};

export interface NativePrintDeps {
  jobs: PrintJobs;
  /** The app window: printers are asked through its webContents and dialogs are attached to it. */
  parent: () => BrowserWindow | null;
  write?: (path: string, data: Buffer) => Promise<void>;
}

const FAILURES: Record<string, string> = {
  cancelled: '已取消打印，本次未记入打印记录',
  'Print job canceled': '已取消打印，本次未记入打印记录',
  'Print job failed': '打印失败：打印机未能接收任务，请检查打印机是否联机、有纸后重试',
  'Invalid deviceName provided': '打印失败：找不到所选打印机，请重新选择',
};

function isDefault(p: { options?: unknown; isDefault?: unknown }): boolean {
  if (p.isDefault === true) return true;
  const o = (p.options ?? {}) as Record<string, unknown>;
  return o['is-default'] === 'true' || o['printer-is-default'] === 'true' || o.isDefault === true;
}

export function createNativePrinter(d: NativePrintDeps): NativePrinter {
  const write = d.write ?? ((path, data) => writeFile(path, data));

  const parentContents = () => {
    const w = d.parent();
    if (!w || w.isDestroyed()) throw new ApiError('INTERNAL', '主窗口已关闭，无法打印');
    return w;
  };

  async function printers(): Promise<PrinterView[]> {
    const list = await parentContents().webContents.getPrintersAsync();
    return list.map((p) => ({ name: p.name, displayName: p.displayName || p.name, description: p.description ?? '', isDefault: isDefault(p) }));
  }

  /** Loads the job into a hidden window, waits for its fonts, runs `use`, and always cleans up. */
  async function withJob<T>(html: string, use: (w: BrowserWindow) => Promise<T>): Promise<T> {
    if (typeof html !== 'string' || html.length === 0) throw new ApiError('BAD_MESSAGE', '打印内容为空');
    const job = d.jobs.add(html);
    const w = new BrowserWindow(PRINT_WINDOW_OPTIONS);
    try {
      await w.loadURL(job.url);
      // Margin boxes and CJK glyph chunks must be there before the page is rasterised.
      await w.webContents.executeJavaScript('document.fonts.ready.then(() => true)', true);
      return await use(w);
    } finally {
      d.jobs.remove(job.id);
      if (!w.isDestroyed()) w.destroy();
    }
  }

  return {
    printers,

    async print(html, o) {
      if (!Number.isInteger(o.copies) || o.copies < 1 || o.copies > 99) throw new ApiError('VALIDATION', `打印份数应为 1–99 的整数，填写的是 ${o.copies}`, 'copies');
      if (o.deviceName !== null) {
        const names = (await printers()).map((p) => p.name);
        if (!names.includes(o.deviceName)) throw new ApiError('VALIDATION', `找不到打印机“${o.deviceName}”，请刷新打印机列表后重新选择`, 'deviceName');
      }
      const options: WebContentsPrintOptions = {
        silent: o.silent,
        printBackground: true,
        copies: o.copies,
        collate: true,
        pageSize: 'A4',
        ...(o.deviceName !== null ? { deviceName: o.deviceName } : {}),
      };
      await withJob(
        html,
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.webContents.print(options, (success, failureReason) => {
              if (success) resolve();
              else reject(new ApiError('CONFLICT', FAILURES[failureReason] ?? `打印失败：${failureReason || '原因不明'}，请检查打印机后重试`));
            });
          }),
      );
    },

    async savePdf(html, o) {
      const parent = parentContents();
      const choice = await dialog.showSaveDialog(parent, {
        title: `另存为 PDF：${o.title}`,
        defaultPath: o.defaultFileName,
        filters: [{ name: 'PDF 文件', extensions: ['pdf'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (choice.canceled || !choice.filePath) return null;
      const path = choice.filePath.toLowerCase().endsWith('.pdf') ? choice.filePath : `${choice.filePath}.pdf`;
      const pdf = await withJob(html, (w) => w.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, pageSize: 'A4' }));
      try {
        await write(path, Buffer.from(pdf));
      } catch (e) {
        throw new ApiError('INTERNAL', `PDF 未能保存到 ${path}：${e instanceof Error ? e.message : String(e)}。请换一个文件夹重试`);
      }
      return path;
    },
  };
}
