/**
 * HTML → PDF through headless Chromium (browser mode, the CLI and tests; Electron uses its own
 * webContents.printToPDF with the same HTML). One browser is kept warm: launching costs ~0.5 s.
 * The page is a shell document that has loaded the font once; each render swaps the form's styles and
 * body into it instead of navigating, because a navigation re-fetches and re-decodes every font chunk
 * (~120 ms) while a swap only lays out and prints (~50 ms). Renders are serialised on one page — a
 * batch is one document anyway, and two cores are shared with everything else.
 *
 * Nothing leaves the machine: the page's only origin is PRINT_ASSET_ORIGIN, answered from memory, and
 * every other request is aborted, so printing works with the network off and the server stopped.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fontFaceCss, PRINT_ASSET_ORIGIN, readAsset } from './assets';

const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--font-render-hinting=none',
];

export interface PdfRendererOptions {
  /** Chromium executable; defaults to EBZ_CHROMIUM, then /usr/bin/chromium. */
  executablePath?: string;
  /** Page load budget per document. */
  timeoutMs?: number;
  log?: { debug(o: object, msg?: string): void; warn(o: object, msg?: string): void };
}

export interface PdfRenderer {
  pdf(html: string): Promise<Buffer>;
  /** Launches the browser now instead of on the first render (e.g. when the print centre opens). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export function createPdfRenderer(opts: PdfRendererOptions = {}): PdfRenderer {
  const executablePath = opts.executablePath ?? process.env.EBZ_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;
  const timeout = opts.timeoutMs ?? 30_000;
  let state: Promise<{ browser: Browser; context: BrowserContext; page: Page }> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const shell = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style id="ebz-fonts">${fontFaceCss(PRINT_ASSET_ORIGIN)}</style><style id="ebz-form"></style></head><body></body></html>`;

  async function launch() {
    const { chromium } = await import('playwright-core');
    const started = Date.now();
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout });
    } catch (e) {
      throw new Error(
        `无法启动用于生成 PDF 的 Chromium（${executablePath}）：${e instanceof Error ? e.message.split('\n')[0] : String(e)}。` +
          '请确认已安装 chromium，或用环境变量 EBZ_CHROMIUM 指定其路径。',
        { cause: e },
      );
    }
    const context = await browser.newContext();
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== PRINT_ASSET_ORIGIN) return route.abort('blockedbyclient');
      if (url.pathname === '/shell') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shell });
      const asset = readAsset(url.pathname);
      if (!asset) {
        opts.log?.warn({ path: url.pathname }, 'print asset not found');
        return route.fulfill({ status: 404, body: '' });
      }
      return route.fulfill({ status: 200, contentType: asset.contentType, body: asset.body, headers: { 'cache-control': 'max-age=31536000, immutable' } });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.goto(`${PRINT_ASSET_ORIGIN}/shell`, { waitUntil: 'load' });
    opts.log?.debug({ ms: Date.now() - started, executablePath }, 'print renderer launched');
    return { browser, context, page };
  }

  function get() {
    if (!state) {
      state = launch();
      state.catch(() => {
        state = null;
      });
    }
    return state;
  }

  async function render(html: string): Promise<Buffer> {
    const { page } = await get();
    await page.evaluate(swapIn, html);
    return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false });
  }

  return {
    pdf(html) {
      const next = queue.then(() => render(html));
      queue = next.catch(() => undefined);
      return next;
    },
    async warm() {
      await get();
    },
    async close() {
      const s = state;
      state = null;
      if (!s) return;
      try {
        const { browser } = await s;
        await browser.close();
      } catch {
        // a browser that never started has nothing to close
      }
    },
  };
}

/**
 * Runs in the page: puts a rendered form document into the warm shell — its title, its own styles
 * (everything but the font rules, which the shell already has) and its body — then waits for any font
 * chunk the new text needs: chunks load lazily during layout, and the PDF must not be cut before.
 */
function swapIn(html: string): Promise<void> {
  const { document, DOMParser } = globalThis as unknown as PageGlobals;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const css = Array.from(doc.querySelectorAll('style'))
    .filter((s) => s.id !== 'ebz-fonts')
    .map((s) => s.textContent ?? '')
    .join('\n');
  document.getElementById('ebz-form')!.textContent = css;
  document.title = doc.title;
  document.body.replaceWith(document.adoptNode(doc.body));
  void document.body.offsetHeight;
  return document.fonts.ready.then(() => undefined);
}

/**
 * The few page globals `swapIn` touches. client/ is typechecked without the DOM library (it is Node
 * code); this one function is serialised by Playwright and runs in Chromium, so it names what it uses.
 */
interface PageNode {
  id: string;
  textContent: string | null;
  offsetHeight: number;
  replaceWith(node: PageNode): void;
}
interface PageDocument {
  title: string;
  body: PageNode;
  querySelectorAll(selector: string): Iterable<PageNode>;
  getElementById(id: string): PageNode | null;
  adoptNode(node: PageNode): PageNode;
  fonts: { ready: Promise<unknown> };
}
interface PageGlobals {
  document: PageDocument;
  DOMParser: new () => { parseFromString(source: string, type: 'text/html'): PageDocument };
}
