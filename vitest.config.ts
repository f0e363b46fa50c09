import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/{domain,db,lint,cli}/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'native', include: ['tests/native/**/*.test.ts'], fileParallelism: false },
      },
    ],
  },
});
