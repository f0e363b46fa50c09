/**
 * Browser mode: the page secret that, with the session cookie, opens the local WebSocket
 * (client/browser-host.ts; why in docs/security.md, "Browser mode"). A launch hands it over once in a
 * `<meta name="ebz-session">` tag; the page moves it to this tab's sessionStorage — scoped to our
 * origin, port included, never sent anywhere by the browser, kept across a reload, gone with the tab —
 * and drops the spent launch token from the address bar.
 */
import { PAGE_SECRET_META } from '../../domain/contract/wire';

const META = PAGE_SECRET_META;
const STORE_KEY = 'ebz.session';

/** This tab's storage; null where the browser refuses it (then the secret lives in memory only and a reload needs a new launch URL). */
function tabStorage(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

export function takePageSecret(doc: Document = document, store: Storage | null = tabStorage(), loc: Location = location, hist: History = history): string | null {
  const meta = doc.querySelector<HTMLMetaElement>(`meta[name="${META}"]`);
  let fresh: string | null = null;
  if (meta) {
    fresh = /^[A-Za-z0-9_-]{20,200}$/.test(meta.content) ? meta.content : null;
    meta.remove();
    try {
      if (fresh) store?.setItem(STORE_KEY, fresh);
    } catch {
      // storage full or refused: keep the secret in memory
    }
  }
  const url = new URL(loc.href);
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    hist.replaceState(hist.state, '', url.pathname + url.search + url.hash);
  }
  try {
    return fresh ?? store?.getItem(STORE_KEY) ?? null;
  } catch {
    return fresh;
  }
}

/** What a window without a session sees (typed address, a tab from before a restart of the app). */
export const NO_SESSION_MESSAGE =
  '这个窗口没有本机服务的会话：请使用运行 npm start 的终端里最新打印的地址打开（每个地址只能用一次），或按 Ctrl+C 退出后重新运行 npm start。';
