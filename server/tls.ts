/**
 * The server's HTTPS certificate, issued by the bianban CA on first start (and again when it nears
 * expiry, when the host names change, or when the CA changes). Clients pin the CA, not this certificate.
 */
import 'reflect-metadata';
import { generateKeyPairSync, webcrypto, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { CertificateAuthority } from './ca/authority';

export async function ensureTlsCertificate(dir: string, ca: CertificateAuthority, hosts: string[]): Promise<{ key: string; cert: string }> {
  mkdirSync(dir, { recursive: true });
  const keyPath = join(dir, 'server-key.pem');
  const certPath = join(dir, 'server-cert.pem');
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts.filter((h) => h && h !== '0.0.0.0' && h !== '::')])];
  if (existsSync(keyPath) && existsSync(certPath)) {
    const cert = new x509.X509Certificate(readFileSync(certPath, 'utf8'));
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
    const have = new Set(san?.names.items.map((n) => n.value) ?? []);
    const fresh = cert.notAfter.getTime() - Date.now() > 30 * 86_400_000;
    if (fresh && names.every((n) => have.has(n)) && (await ca.verifyIssued(cert))) {
      return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
    }
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = await webcrypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const cert = await ca.issue({
    subject: [{ CN: ['e-Bianzhi server'] }],
    publicKey: pub,
    days: 397,
    usage: 'server',
    altNames: names.map((n) => ({ type: isIP(n) ? ('ip' as const) : ('dns' as const), value: n })),
  });
  const keyPem = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })).export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(keyPath, keyPem, { mode: 0o600 });
  writeFileSync(certPath, cert.toString('pem'));
  return { key: keyPem, cert: cert.toString('pem') };
}
