// Until the lead adds the 'sync' project to vitest.config.ts, `npm run test:sync` runs this config.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'sync',
    include: ['tests/sync/**/*.test.ts'],
    globalSetup: ['tests/server/helpers/pg-global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
