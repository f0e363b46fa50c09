/**
 * The page's own share of the navigation rules (Electron enforces them in the main process too):
 * no new windows, and no navigation away from this origin by a link. Forms cannot submit anywhere
 * (CSP form-action 'none'); scripts, frames and connections to other origins are refused by the CSP.
 */
export function installNavigationGuard(win: Window = window): void {
  win.open = () => null;
  win.document.addEventListener(
    'click',
    (e) => {
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a) return;
      const url = new URL(a.href, win.location.href);
      if (url.origin !== win.location.origin || a.target === '_blank') e.preventDefault();
    },
    true,
  );
}
