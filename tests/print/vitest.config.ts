import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The print tests on their own: `npx vitest run --config tests/print/vitest.config.ts`. They share
 * one warm Chromium per file and the two cores with everything else, so files run one at a time.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/print/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
