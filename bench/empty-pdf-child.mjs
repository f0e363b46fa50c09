// The limit of the cold `ebz print` figure (bench/print.bench.ts): a fresh Node process starts Chromium
// cold (same executable and flags as the print renderer), prints an empty A4 page to PDF and exits.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: process.env.EBZ_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-first-run', '--font-render-hinting=none'],
});
const page = await browser.newPage();
await page.setContent('<!DOCTYPE html><html><head><style>@page { size: A4 }</style></head><body></body></html>');
const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
await browser.close();
writeFileSync(process.argv[2], pdf);
