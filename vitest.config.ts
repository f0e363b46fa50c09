import { defineConfig } from 'vitest/config';

// Suites by layer. `npx vitest run --project NAME` runs one; the README's test command runs them all.
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
        // one SoftHSM2 token directory per file; files run one after another
        extends: true,
        test: { name: 'native', include: ['tests/native/**/*.test.ts'], fileParallelism: false },
      },
      {
        // the full server suite on a real PostgreSQL 15 cluster started for the run
        extends: true,
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          exclude: ['tests/server/**/*.pglite.test.ts'],
          globalSetup: ['tests/server/helpers/pg-global-setup.ts'],
          testTimeout: 120_000,
        },
      },
      {
        // the desktop client's services (against a real server) and the Electron shell with electron substituted
        extends: true,
        test: { name: 'client', include: ['tests/{client,electron}/**/*.test.ts'], fileParallelism: false, testTimeout: 120_000 },
      },
      {
        // sync against the real server on PostgreSQL: crash safety (kill -9 in a child), network faults, versions
        extends: true,
        test: {
          name: 'sync',
          include: ['tests/sync/**/*.test.ts'],
          globalSetup: ['tests/server/helpers/pg-global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
      {
        // forms rendered to PDF in headless Chromium, checked with pdftotext and reference images
        extends: true,
        test: { name: 'print', include: ['tests/print/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000 },
      },
      {
        // the smoke suite on embedded PGlite (the README's one-command default)
        extends: true,
        test: { name: 'server-pglite', include: ['tests/server/**/*.pglite.test.ts'], testTimeout: 120_000 },
      },
    ],
  },
});
