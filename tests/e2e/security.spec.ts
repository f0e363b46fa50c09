/**
 * The browser-mode window cannot be steered elsewhere, and the local services answer nobody but it:
 * navigation to another origin, window.open, and WebSocket / HTTP calls without the session (cookie and
 * page secret) or from another Origin are all refused.
 */
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { e2eState, openSession, pullKey } from './state';

const s = e2eState();

test.beforeEach(() => pullKey(s));

function wsStatus(headers: Record<string, string>, secret?: string): Promise<number> {
  return new Promise((ok) => {
    const ws = new WebSocket(`${s.origin.replace('http', 'ws')}/ws`, secret ? ['ebz.v1', `ebz.session.${secret}`] : [], { headers });
    ws.on('open', () => {
      ws.close();
      ok(101);
    });
    ws.on('unexpected-response', (_q, res) => ok(res.statusCode ?? 0));
    ws.on('error', () => ok(-1));
  });
}

test('window.open and links to another origin do nothing', async ({ page, context }) => {
  await page.goto(s.url);
  await expect(page.getByTestId('lock-title')).toBeVisible();
  let popups = 0;
  context.on('page', () => popups++);
  expect(await page.evaluate(() => window.open('https://example.org/') === null)).toBe(true);
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = 'https://example.org/';
    a.textContent = '外部链接';
    a.id = 'outside';
    document.body.appendChild(a);
  });
  await page.click('#outside');
  await page.waitForTimeout(300);
  expect(new URL(page.url()).origin).toBe(s.origin);
  expect(popups).toBe(0);
});

test('the CSP refuses scripts, frames and connections to other origins', async ({ page }) => {
  await page.goto(s.url);
  await expect(page.getByTestId('lock-title')).toBeVisible();
  const blocked = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const fetched = await fetch('http://127.0.0.1:9/').then(
      () => 'fetched',
      () => 'refused',
    );
    const s = document.createElement('script');
    s.src = 'https://example.org/x.js';
    document.head.appendChild(s);
    const f = document.createElement('iframe');
    f.src = 'https://example.org/';
    document.body.appendChild(f);
    const inlineScript = document.createElement('script');
    inlineScript.textContent = 'window.__injected = true';
    document.head.appendChild(inlineScript);
    await new Promise((r) => setTimeout(r, 300));
    const inline = (window as unknown as { __injected?: boolean }).__injected ? 'ran' : 'refused';
    return { fetched, inline, violations };
  });
  expect(blocked.fetched).toBe('refused');
  expect(blocked.inline).toBe('refused');
  expect(blocked.violations).toEqual(expect.arrayContaining(['connect-src', 'script-src-elem', 'frame-src']));
});

test('HTTP without the session or from another Origin is refused', async ({ request }) => {
  const { cookie } = await openSession(s);
  expect((await request.get(`${s.origin}/`)).status()).toBe(401);
  expect((await request.get(`${s.origin}/index.html`, { headers: { cookie: `${s.cookieName}=guess` } })).status()).toBe(401);
  expect((await request.get(`${s.origin}/`, { headers: { cookie, origin: 'https://example.org' } })).status()).toBe(403);
  expect((await request.get(`${s.origin}/`, { headers: { cookie } })).status()).toBe(200);
});

test('a WebSocket without the session, without the page secret, or from another Origin is refused', async () => {
  const { cookie, secret } = await openSession(s);
  expect(await wsStatus({ origin: s.origin })).toBe(401);
  expect(await wsStatus({ origin: s.origin, cookie })).toBe(401);
  expect(await wsStatus({ origin: 'https://example.org', cookie }, secret)).toBe(403);
  expect(await wsStatus({ origin: 'http://127.0.0.1:1', cookie }, secret)).toBe(403);
  expect(await wsStatus({ origin: s.origin, cookie }, secret)).toBe(101);
});

test('a page on another origin cannot reach the local services', async ({ page }) => {
  // Any other origin on this machine: the server refuses its Origin, whatever cookies the browser sends.
  await page.goto('about:blank');
  const res = await page.evaluate(async (origin) => {
    const ws = await new Promise<string>((ok) => {
      const w = new WebSocket(`${origin.replace('http', 'ws')}/ws`);
      w.onopen = () => ok('open');
      w.onerror = () => ok('refused');
    });
    const http = await fetch(`${origin}/`, { credentials: 'include' }).then(
      (r) => String(r.status),
      () => 'refused',
    );
    return { ws, http };
  }, s.origin);
  expect(res.ws).toBe('refused');
  expect(res.http).not.toBe('200');
});
