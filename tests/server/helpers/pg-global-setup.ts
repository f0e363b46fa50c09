/**
 * vitest globalSetup for tests/server: one PostgreSQL cluster for the whole run; each test file makes
 * its own database in it (see test-db.ts). Exposed to tests as `inject('pgAdminUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { startCluster } from './pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  project.provide('pgAdminUrl', cluster.adminUrl);
  return () => cluster.stop();
}
