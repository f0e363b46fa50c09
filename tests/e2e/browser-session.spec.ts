/**
 * Browser-mode sessions (issue 14): Chromium sends 127.0.0.1's cookies to every local port, so a program
 * listening on another port receives them. What it receives must not open the app's WebSocket; the launch
 * URL opens one window once (a reload keeps working); two instances side by side keep their own sessions.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { e2eState, pullKey } from './state';

const s = e2eState();

test.beforeEach(() => pullKey(s));

function wsStatus(origin: string, headers: Record<string, string>, protocols: string[] = []): Promise<number> {
  return new Promise((ok) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws`, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      ok(101);
    });
    ws.on('unexpected-response', (_q, res) => ok(res.statusCode ?? 0));
    ws.on('error', () => ok(-1));
  });
}

/** A fresh one-time launch URL of the unit's app (the stack's control endpoint hands them out). */
async function freshLaunchUrl(): Promise<string> {
  return (await fetch(s.url, { redirect: 'manual' })).headers.get('location')!;
}

test('a listener on another local port gets the cookie but cannot open a session with it', async ({ page, context }) => {
  const seen: IncomingHttpHeaders[] = [];
  const listener: Server = createServer((req, res) => {
    seen.push(req.headers);
    res.end('ok');
  });
  await new Promise<void>((ok) => listener.listen(0, '127.0.0.1', () => ok()));
  const spy = `http://127.0.0.1:${(listener.address() as { port: number }).port}`;
  try {
    const launch = await freshLaunchUrl();
    await page.goto(launch);
    await expect(page.getByTestId('lock-title')).toBeVisible();
    expect(page.url()).not.toContain('token='); // the page dropped the spent token from the address

    // The same browser visits the other port: Chromium hands it our session cookie.
    const other = await context.newPage();
    await other.goto(`${spy}/anything`);
    const cookie = seen.map((h) => h.cookie ?? '').find((c) => c.includes(`${s.cookieName}=`));
    expect(cookie, 'Chromium sent the session cookie to the other port').toBeTruthy();

    // Whatever it got — the cookies, each value tried as the page secret, every header replayed — opens nothing.
    const values = cookie!.split(';').map((p) => p.slice(p.indexOf('=') + 1).trim());
    const got = seen.at(-1)!;
    const replay = Object.fromEntries(Object.entries(got).filter(([k, v]) => typeof v === 'string' && !['host', 'connection', 'upgrade'].includes(k))) as Record<string, string>;
    expect(await wsStatus(s.origin, { ...replay, origin: s.origin, cookie: cookie! })).toBe(401);
    for (const v of values) {
      expect(await wsStatus(s.origin, { origin: s.origin, cookie: cookie! }, ['ebz.v1', `ebz.session.${v}`])).toBe(401);
      expect((await fetch(`${s.origin}/session`, { headers: { cookie: cookie!, 'x-ebz-session': v } })).status).toBe(401);
    }
    // The page it may fetch with the cookie is the bare renderer: no secret in it.
    const html = await (await fetch(`${s.origin}/`, { headers: { cookie: cookie! } })).text();
    expect(html).not.toContain('ebz-session');
    // The spent launch URL, if it ever found it (history): with the cookie it is only sent back to the bare
    // renderer (that is how the app's own tab reloads it), without it refused; no secret either way.
    const spent = await fetch(launch, { headers: { cookie: cookie! }, redirect: 'manual' });
    expect([spent.status, spent.headers.get('location'), await spent.text()]).toEqual([303, '/', '']);
    expect((await fetch(launch)).status).toBe(410);

    // Meanwhile the app's own window works, and keeps working across a reload (the secret stays with the tab).
    await page.reload();
    await expect(page.getByTestId('lock-title')).toBeVisible();
    // A new tab typed to the app's address shares the cookie but has no secret: it says how to open the app.
    await other.goto(`${s.origin}/`);
    await expect(other.getByText('这个窗口没有本机服务的会话')).toBeVisible();
  } finally {
    listener.close();
  }
});

test('the launch URL opens one window once; a second visit is told how to open the app again', async ({ page, browser }) => {
  const launch = await freshLaunchUrl();
  await page.goto(launch);
  await expect(page.getByTestId('lock-title')).toBeVisible();
  const elsewhere = await (await browser.newContext()).newPage();
  const r = await elsewhere.goto(launch);
  expect(r?.status()).toBe(410);
  await expect(elsewhere.getByText('这个启动链接已经用过')).toBeVisible();
  await expect(elsewhere.getByText(/npm start/).first()).toBeVisible();
  // The window that spent it can go back to the launch address (e.g. from its history): still the app.
  await page.goto(launch);
  await expect(page.getByTestId('lock-title')).toBeVisible();
  await elsewhere.context().close();
});

test('two app instances side by side in one browser each keep their own session', async ({ context }) => {
  const unit = await context.newPage();
  await unit.goto(s.url);
  await expect(unit.getByTestId('lock-title')).toBeVisible();
  // The reviewer's app is a second instance on another port, opened in the same browser (same cookie jar).
  const reviewer = await context.newPage();
  await reviewer.goto(s.reviewer.url);
  await expect(reviewer.getByTestId('lock-title')).toBeVisible();
  const names = (await context.cookies()).map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining([s.cookieName, `ebz_session_${new URL(reviewer.url()).port}`]));
  expect(new URL(reviewer.url()).port).not.toBe(new URL(unit.url()).port);
  // Opening the second did not break the first: both reload and reconnect.
  await unit.reload();
  await expect(unit.getByTestId('lock-title')).toBeVisible();
  await reviewer.reload();
  await expect(reviewer.getByTestId('lock-title')).toBeVisible();
});
