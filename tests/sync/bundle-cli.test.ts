/** `ebz bundle` end to end through the CLI entry: key → export on the unit's folder → import by the department → results applied. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { run } from '../../cli/commands/bundle';
import { DEMO_PIN } from '../../native/demo-key';
import { syncEnv, type SyncEnv } from './helpers/sync-env';

let env: SyncEnv;
beforeAll(async () => {
  env = await syncEnv({ units: 8, staff: 100 });
}, 240_000);
afterAll(async () => {
  await env?.close();
});

it('key, export, import (department, online), import (unit, results): the request reaches the server once and the outbox row is acked', async () => {
  const sub = env.fx.slice.units.find((u) => u.supervisorUnitId === env.fx.unitId && !u.abolished)!;
  const subDir = await env.clientDir(sub.id);
  const desk = await env.syncClient(subDir);
  await desk.sync.syncNow();
  const id = await desk.fileChange(sub.id);
  desk.close();
  const deptDir = await env.clientDir();
  const ca = join(deptDir, 'ca.pem');
  writeFileSync(ca, env.fx.server.caCertPem);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const common = ['--ca', ca, '--pin', DEMO_PIN];
    expect(await run(['key', '--out', join(deptDir, 'key.json'), '--data', deptDir, '--server', env.fx.server.url, ...common])).toBe(0);
    const file = join(subDir, '申报.ebzb');
    expect(await run(['export', '--out', file, '--key', join(deptDir, 'key.json'), '--data', subDir, ...common])).toBe(0);
    const results = join(deptDir, '回执.ebzb');
    expect(await run(['import', file, '--out', results, '--data', deptDir, '--server', env.fx.server.url, ...common])).toBe(0);
    expect(String(out.mock.calls.at(-1)?.[0])).toContain(`已代“${sub.name}”提交：新收 1 条`);
    // Again: a replay, refused with the reason and a non-zero code.
    expect(await run(['import', file, '--out', results + '2', '--data', deptDir, '--server', env.fx.server.url, ...common])).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toContain('已于');
    expect(await run(['import', results, '--data', subDir, ...common])).toBe(0);
    expect(String(out.mock.calls.at(-1)?.[0])).toContain('回执已导入：1 条申报已送达编办');
    expect(readFileSync(file, 'utf8')).not.toContain(id);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const check = await env.syncClient(subDir);
  expect(check.store.outbox.listByRequest(id)[0]!.state).toBe('acked');
  expect(check.store.requests.get(id)?.state).toBe('supervisorReview');
  expect((await env.db.db.query('SELECT id FROM requests WHERE id = $1', [id])).rows).toHaveLength(1);
});
