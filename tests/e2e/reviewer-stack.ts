/**
 * The reviewer's half of the e2e stack (started by stack.ts in the same process, so both share the
 * SoftHSM2 token directory): a reviewer SoftHSM2 token issued a reviewer certificate by the server's
 * CA, a second client in browser mode on its own virtual HID list — the bianban's workstation — and
 * SoftHSM2's always-present free slot as the blank key a certificate is issued onto.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { BrowserHost } from '../../client/browser-host';
import type { Client } from '../../client/client-api';
import type { ServerFixture } from '../client/server-fixture';

export interface ReviewerState {
  url: string;
  hidFile: string;
  hidDevice: unknown[];
  pin: string;
  holderName: string;
  bianbanName: string;
  /** A unit of the reviewer's jurisdiction with no key yet: the certificate is issued to it. */
  issueUnitId: string;
  issueUnitName: string;
}

export async function startReviewerStack(p: { s: ServerFixture; work: string; log: Logger }): Promise<{ state: ReviewerState; launchUrl: () => string; close: () => Promise<void> }> {
  const { createClient } = await import('../../client/client-api');
  const { startBrowserHost } = await import('../../client/browser-host');
  const { RENDERER_DIR } = await import('../../client/renderer-files');
  const { HidKeySource, fileHidEnumerator } = await import('../../client/key-sources');
  const { parseKnownKeys } = await import('../../native/known-keys');
  const { loadPkcs11Module, SOFTHSM2_MODULE } = await import('../../native/pkcs11-module');
  const { initToken } = await import('../../native/token-admin');
  const { Pkcs11Token } = await import('../../native/pkcs11-token');
  const { issueFromServerCa } = await import('../../cli/commands/start');

  const PIN = '13572468';
  const unit = p.s.slice.units.find((u) => u.id === p.s.unitId)!;
  const bianban = p.s.slice.bianbans.find((b) => b.id === unit.bianbanId)!;
  const target = p.s.slice.units.find((u) => u.id !== unit.id && u.bianbanId === unit.bianbanId && u.supervisorUnitId === null) ?? p.s.slice.units.find((u) => u.id !== unit.id && u.bianbanId === unit.bianbanId)!;

  const module = loadPkcs11Module(SOFTHSM2_MODULE);
  initToken(module.api, { label: 'EBZ-REVIEWER', soPin: '97531864', userPin: PIN });
  const token = new Pkcs11Token({ module, slot: { label: 'EBZ-REVIEWER' } });
  await token.login(PIN);
  const pair = await token.generateKeyPair({ label: '电子编制管理证' });
  const pem = await issueFromServerCa(p.s.server, { publicKeySpki: pair.publicKeySpki, role: 'reviewer', bianbanId: unit.bianbanId, holderName: '张审核' });
  await token.writeCertificate(pem, { id: pair.id, label: '电子编制管理证' });
  await token.logout();
  await token.close();

  const registry = parseKnownKeys({ version: 1, keys: [{ name: '审核密钥（SoftHSM2）', vendorId: '1d50', productId: 'e2e1', modules: { [process.platform]: SOFTHSM2_MODULE } }] });
  const hidFile = join(p.work, 'reviewer-hid.json');
  writeFileSync(hidFile, '[]');
  const dir = join(p.work, 'reviewer-client');
  mkdirSync(dir);
  const client: Client = createClient({
    dataDir: dir,
    mode: 'browser',
    keySource: new HidKeySource({ registry, enumerate: fileHidEnumerator(hidFile), intervalMs: 250, log: p.log, slot: { label: 'EBZ-REVIEWER' } }),
    server: { url: p.s.server.url, caPem: p.s.server.caCertPem },
    syncIntervalMs: 0,
    log: p.log,
  });
  await client.start();
  const host: BrowserHost = await startBrowserHost({ client, rendererDir: RENDERER_DIR, log: p.log });
  return {
    state: {
      url: host.url,
      hidFile,
      hidDevice: [{ vendorId: '1d50', productId: 'e2e1', serialNumber: 'E2E-REV-1' }],
      pin: PIN,
      holderName: '张审核',
      bianbanName: bianban.name,
      issueUnitId: target.id,
      issueUnitName: target.name,
    },
    launchUrl: () => host.launchUrl(),
    close: async () => {
      await host.close();
      await client.close();
      module.close();
    },
  };
}
