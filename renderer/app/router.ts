/** Hash routing: `#/staff`, `#/file/enrollment?staff=…` — no server routes needed in either mode. */
import { useSyncExternalStore } from 'react';

function read(): string {
  const h = location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '/home';
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): { path: string; parts: string[]; query: URLSearchParams } {
  const full = useSyncExternalStore(subscribe, read);
  const [path = '/home', search = ''] = full.split('?');
  return { path, parts: path.split('/').filter(Boolean), query: new URLSearchParams(search) };
}

export function navigate(path: string): void {
  location.hash = path;
}
