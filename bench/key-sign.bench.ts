/**
 * Sign latency on SoftHSM2 (EC P-256 and RSA-2048): hash in software + C_SignInit + C_Sign through
 * pkcs11js, as Pkcs11Token.sign does for every submitted request. Sets up its own throwaway token
 * directory (scripts/softhsm-token.sh) and development CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DevCa } from '../native/dev-ca';
import type { KeyAlgorithm } from '../native/key-types';
import { loadPkcs11Module } from '../native/pkcs11-module';
import { Pkcs11Token } from '../native/pkcs11-token';
import { initToken } from '../native/token-admin';
import { percentile, round, type Figure } from './stats';

const SAMPLES = 300;
const WARMUP = 20;

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-bench-key-'));
  const previousConf = process.env.SOFTHSM2_CONF;
  const out = execFileSync('bash', [join(import.meta.dirname, '../scripts/softhsm-token.sh'), '--dir', join(dir, 'hsm')], { encoding: 'utf8' });
  process.env.SOFTHSM2_CONF = /SOFTHSM2_CONF=(\S+)/.exec(out)![1]!;
  const logger = pino({ level: 'silent' });
  const module = loadPkcs11Module(undefined, { logger });
  const figures: Figure[] = [];
  try {
    const ca = await DevCa.open(join(dir, 'ca'));
    // A typical signed request body: canonical JSON of a post-use request, about 400 bytes.
    const body = new TextEncoder().encode(
      JSON.stringify({ kind: 'postUseRequest', unitId: '0193a1b2-0000-7000-8000-000000000001', postType: 'institutional', count: 3, channel: '事业单位公开招聘', reason: '因业务发展需要，拟公开招聘专业技术人员三名，以补充检验检测岗位力量。'.repeat(2) }),
    );
    const algorithms: Array<[string, KeyAlgorithm]> = [
      ['EC P-256', { kind: 'EC', curve: 'P-256' }],
      ['RSA-2048', { kind: 'RSA', modulusBits: 2048 }],
    ];
    for (const [name, algorithm] of algorithms) {
      const { serialNumber } = initToken(module.api, { label: `bench ${name}`, soPin: '12345678', userPin: '246810', logger });
      const token = new Pkcs11Token({ module, slot: { serialNumber }, logger });
      await token.login('246810');
      const genStart = performance.now();
      const pair = await token.generateKeyPair({ algorithm });
      const genMs = performance.now() - genStart;
      const subject = { commonName: '基准测试单位', creditCode: '11330100002482070U' };
      const cert = await ca.issue({ csr: await token.createCsr(pair.id, subject), subject, role: 'unit', jurisdiction: '330100' });
      await token.writeCertificate(cert.toString('pem'), { id: pair.id });
      for (let i = 0; i < WARMUP; i++) await token.sign(body);
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        await token.sign(body);
        samples.push(performance.now() - t);
      }
      await token.logout();
      figures.push(
        { name: `sign ${name} on SoftHSM2 p50`, value: round(percentile(samples, 50), 3), unit: 'ms', goal: '< 50 ms' },
        { name: `sign ${name} on SoftHSM2 p99`, value: round(percentile(samples, 99), 3), unit: 'ms' },
        { name: `generate ${name} key pair on SoftHSM2`, value: round(genMs, 1), unit: 'ms' },
      );
    }
  } finally {
    module.close();
    if (previousConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = previousConf;
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
