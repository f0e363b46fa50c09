// The cluster harness lives in server/testing so the benchmarks (which may not import tests/) share it.
export { startCluster, type PgCluster } from '../../../server/testing/pg-cluster';
