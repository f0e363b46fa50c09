/**
 * Desktop client figures in browser mode, with a department of 50,000 staff in the local replica:
 * host start, page load to the lock screen, login to an interactive home, and screen switches in
 * Debian's Chromium (time from the route change to the screen's content on screen, measured in the page).
 * Run alone with `npx tsx bench/client-ui.bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { chromium } from 'playwright';
import { startBrowserHost } from '../client/browser-host';
import { createClient } from '../client/client-api';
import { demoUnit, seedReplica } from '../client/demo-replica';
import { DemoKeySource } from '../client/key-sources';
import { ensureRenderer, RENDERER_DIR } from '../client/renderer-files';
import { generateSlice } from '../domain/demo/seed';
import { DEMO_PIN, DemoKey } from '../native/demo-key';
import { percentile, type Figure } from './stats';
// Issue 18's PIN → home figure is the "as the user sees it" line below; same 50,000 staff at every size.

const STAFF = 50_000;
const AS_OF = '2026-06-30';

const SCREENS: [string, string, string][] = [
  ['/staff', 'screen-staff', '.ebz-vt-row[data-rowkey]'],
  ['/home', 'screen-home', '[data-testid="home-vacant"]'],
  ['/stats', 'screen-stats', '[data-testid="chart-age"] canvas'],
  ['/ledger', 'screen-ledger', '.ant-table-row'],
  ['/alarms', 'screen-alarms', '[data-testid="screen-alarms"] .ant-card'],
  ['/departed', 'screen-departed', '.ant-table-row'],
  ['/unit', 'screen-unit', '[data-testid="screen-unit"] .ant-descriptions'],
];

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-bench-ui-'));
  const log = pino({ level: 'silent' });
  try {
    // A province slice folded into one department: 50,000 staff in the unit and its subordinates.
    const slice = generateSlice({ units: 30, staff: STAFF, seed: 5, asOf: AS_OF });
    const root = demoUnit(slice);
    // Every other unit becomes a subordinate of the department: its staff, ledgers and slips stay as generated.
    for (const u of slice.units) if (u.id !== root) u.supervisorUnitId = root;
    const identity = await (await DemoKey.open({ dataDir: dir })).getIdentity();
    slice.units.find((u) => u.id === root)!.creditCode = identity.creditCode;
    {
      const seedClient = createClient({ dataDir: dir, mode: 'browser', keySource: new DemoKeySource(dir), log, print: false, syncIntervalMs: 0 });
      seedReplica(seedClient.store, slice);
      await seedClient.close();
    }
    await ensureRenderer();

    const t0 = performance.now();
    const client = createClient({ dataDir: dir, mode: 'browser', keySource: new DemoKeySource(dir), log, print: false, syncIntervalMs: 0, now: () => new Date(`${AS_OF}T02:00:00Z`) });
    await client.start();
    const host = await startBrowserHost({ client, rendererDir: RENDERER_DIR, log });
    const hostStart = performance.now() - t0;

    const browser = await chromium.launch({
      executablePath: process.env.EBZ_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const t1 = performance.now();
      await page.goto(host.url);
      await page.getByLabel('PIN 码').waitFor();
      const toLock = performance.now() - t1;
      await page.getByLabel('PIN 码').fill(DEMO_PIN);
      const t2 = performance.now();
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.locator('[data-testid="home-vacant"]').waitFor({ state: 'attached' });
      const toHome = performance.now() - t2;
      // As the user sees it (issue 18): from the click until the home's figures are visible, painted,
      // and the page answers input — a script turn after the next frame runs only once the main
      // thread is free.
      await page.locator('[data-testid="home-posts"]').waitFor({ state: 'visible' });
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      const toHomeSeen = performance.now() - t2;

      const switchOnce = (hash: string, testId: string, ready: string) =>
        page.evaluate(
          async ([h, id, sel]) => {
            const start = performance.now();
            location.hash = h!;
            for (;;) {
              if (document.querySelector(`[data-testid="${id}"]`) && document.querySelector(sel!)) break;
              await new Promise((r) => setTimeout(r, 5));
            }
            await new Promise((r) => requestAnimationFrame(() => r(null)));
            return performance.now() - start;
          },
          [hash, testId, ready],
        );
      const first: number[] = [];
      for (const [h, id, sel] of SCREENS) first.push(await switchOnce(h, id, sel));
      const warm: number[] = [];
      for (let round = 0; round < 4; round++) for (const [h, id, sel] of SCREENS) warm.push(await switchOnce(h, id, sel));
      // Scroll the 50,000-row list to the middle and wait for rows there.
      const scroll = await page.evaluate(async () => {
        location.hash = '/staff';
        for (;;) {
          if (document.querySelector('.ebz-vt-row[data-rowkey]')) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        const box = document.querySelector('[data-testid="staff-table"]') as HTMLElement;
        const start = performance.now();
        box.scrollTop = box.scrollHeight / 2;
        // Done when rows around the middle (index ≥ 20,000) are drawn with their data; 10 s at most.
        while (performance.now() - start < 10_000) {
          const deep = [...document.querySelectorAll<HTMLElement>('.ebz-vt-row[data-rowkey]')].some((r) => Number(r.dataset.index) >= 20_000);
          if (deep) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        return performance.now() - start;
      });
      const total = Number((await page.getByTestId('staff-total').textContent())?.replace(/\D/g, ''));
      if (total < STAFF * 0.9) throw new Error(`staff list shows ${total}, expected about ${STAFF}`);
      return [
        { name: 'client host start (replica on disk, demo key, web server; no embedded server)', value: Math.round(hostStart), unit: 'ms' },
        { name: 'page load to lock screen', value: Math.round(toLock), unit: 'ms' },
        { name: `login to interactive home (${total} staff)`, value: Math.round(toHome), unit: 'ms', goal: '< 1500 ms (start to interactive)' },
        { name: `PIN entered → interactive home as the user sees it (${total} staff; real browser, from the click to visible, painted and answering)`, value: Math.round(toHomeSeen), unit: 'ms', goal: '≤ 500 ms', pass: toHomeSeen <= 500 },
        { name: 'start to interactive home (host + page + login)', value: Math.round(hostStart + toLock + toHome), unit: 'ms', goal: '< 1500 ms' },
        { name: 'first visit of a screen, slowest (code + data load)', value: Math.round(Math.max(...first)), unit: 'ms' },
        { name: 'screen switch p50 (warm)', value: Math.round(percentile(warm, 50)), unit: 'ms', goal: '< 200 ms' },
        { name: 'screen switch max (warm)', value: Math.round(Math.max(...warm)), unit: 'ms', goal: '< 200 ms' },
        { name: 'staff list scroll to row 25,000', value: Math.round(scroll), unit: 'ms' },
      ];
    } finally {
      await browser.close();
      await host.close();
      await client.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await run()) console.log(JSON.stringify(f));
}
