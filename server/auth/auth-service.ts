/**
 * Key-signature login: a one-time challenge, signed by the key over canonicalJson({challenge, purpose:'login'}),
 * exchanged for a short-lived session bound to the certificate. The session token is random; only its hash
 * is stored. Revocation is checked on every call (the session lookup joins the certificate).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppDeps } from '../context';
import { forbidden, unauthorized } from '../http/errors';
import type { LoginBody, LoginResponse, Principal } from '../../domain/api/auth';
import { CertificateAuthority, spkiSha256 } from '../ca/authority';
import { consumeChallenge, deleteSession, findSession, insertChallenge, insertSession, pruneChallenges } from '../repositories/session-repository';
import { findCertificate } from './certificate-repository';
import { parseCertificate, verifyEnvelope } from './envelope';

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

export async function issueChallenge(d: AppDeps): Promise<{ challenge: string; expiresAt: string }> {
  const challenge = randomBytes(32).toString('base64url');
  const expiresAt = new Date(d.now().getTime() + d.config.challengeTtlSeconds * 1000);
  // Expired challenges are pruned opportunistically so the table stays small without a job.
  await pruneChallenges(d.db, new Date(d.now().getTime() - 3600_000));
  await insertChallenge(d.db, challenge, expiresAt);
  return { challenge, expiresAt: expiresAt.toISOString() };
}

/** Checks that a presented certificate is ours, bound, current and not revoked; returns the binding. */
export async function checkCertificate(d: AppDeps, pem: string) {
  const cert = parseCertificate(pem);
  if (!cert) throw unauthorized('证书格式不正确：请确认 USB Key 中的证书完好');
  if (!(await d.ca.verifyIssued(cert, d.now()))) throw unauthorized('证书不是本编办签发的或已过有效期，请联系编办重新发放');
  if (d.config.production && CertificateAuthority.isDemo(cert)) {
    throw unauthorized('这是演示密钥的证书，生产环境的编办服务器不接受：请使用编办发放的正式电子编制管理证（USB Key）登录', 'DEMO_CERTIFICATE');
  }
  const binding = await findCertificate(d.db, cert.serialNumber.toLowerCase());
  if (!binding || binding.issuer !== cert.issuer || binding.spkiSha256 !== spkiSha256(cert)) {
    throw unauthorized('证书未在编办登记：请联系编办核实证书发放记录');
  }
  if (binding.revokedAt) throw unauthorized('证书已吊销，不能再使用；如需继续办理，请向编办申请新的电子编制管理证');
  if (binding.role === 'server') throw forbidden('服务器证书不能用于登录');
  return { cert, binding };
}

export async function login(d: AppDeps, body: LoginBody): Promise<LoginResponse> {
  const { cert, binding } = await checkCertificate(d, body.certificate);
  if (!(await verifyEnvelope(body.signature, { challenge: body.challenge, purpose: 'login' }, cert))) {
    throw unauthorized('登录签名验证失败：签名与证书不符，请重新插入 USB Key 登录');
  }
  const now = d.now();
  // Consuming the challenge and creating the session in one statement pair: a replay finds it used.
  return d.db.transaction(async (tx) => {
    if (!(await consumeChallenge(tx, body.challenge, now))) throw unauthorized('登录挑战无效：已使用、已过期或不存在，请重新登录');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + d.config.sessionTtlSeconds * 1000);
    await insertSession(tx, { tokenHash: hashToken(token), certSerial: binding.serial, createdAt: now, expiresAt });
    return { token, expiresAt: expiresAt.toISOString(), principal: principalOf(binding) };
  });
}

function principalOf(b: { serial: string; role: string; unitId: string | null; bianbanId: string | null; holderName: string }): Principal {
  return { certSerial: b.serial, role: b.role as Principal['role'], unitId: b.unitId, bianbanId: b.bianbanId, holderName: b.holderName };
}

export async function authenticate(d: AppDeps, header: string | undefined): Promise<Principal> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header ?? '');
  if (!m) throw unauthorized();
  const row = await findSession(d.db, hashToken(m[1]!));
  if (!row) throw unauthorized();
  if (row.revokedAt) throw unauthorized('证书已吊销，会话已失效');
  if (new Date(row.expiresAt).getTime() <= d.now().getTime()) throw unauthorized('登录已过期，请重新登录');
  return principalOf(row);
}

export async function logout(d: AppDeps, header: string | undefined): Promise<void> {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (m) await deleteSession(d.db, hashToken(m[1]!));
}
