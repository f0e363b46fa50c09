import { defineConfig } from '@playwright/test';

// End-to-end tests drive the real client in browser mode with Debian's Chromium (never a downloaded
// browser). tests/e2e/global-setup.ts starts the stack (server, SoftHSM2 key, client) as a process.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    screenshot: 'only-on-failure',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: process.env.EBZ_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
