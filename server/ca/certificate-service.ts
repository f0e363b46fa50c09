/** Issuing and revoking certificates (reviewer actions, audited) and the bindings the server keeps. */
import type { X509Certificate } from '@peculiar/x509';
import { checkSubjectKey, KeyAlgorithmRefusedError, type SubjectFields } from '../../native/certificate-profile';
import { Journal } from '../audit/journal';
import { findCertificate, insertCertificate, revokeCertificate, type CertificateBinding } from '../auth/certificate-repository';
import type { AppDeps } from '../context';
import type { Queryable } from '../db/database';
import { badRequest, notFound } from '../http/errors';
import { getBianban, getUnit } from '../repositories/record-repository';
import type { CertificateView } from '../../domain/api/ca';
import { CertificateAuthority, spkiSha256 } from './authority';

export interface IssueRequest {
  /** PKCS#10 request (PEM): what every route receives. */
  csr?: string;
  /** Trusted in-process callers only (demo keys, bootstrap on the server machine): the public key itself. */
  publicKeySpki?: Uint8Array;
  role: 'unit' | 'reviewer';
  unitId?: string;
  bianbanId?: string;
  holderName: string;
  days?: number;
  /** A demo certificate (development servers only). */
  demo?: boolean;
}

export function certificateView(b: CertificateBinding): CertificateView {
  return { serial: b.serial, role: b.role, unitId: b.unitId, bianbanId: b.bianbanId, subject: b.subject, holderName: b.holderName, certificate: b.pem, notAfter: b.notAfter, revokedAt: b.revokedAt };
}

/** `actor` is the issuing reviewer's certificate serial ('bootstrap' for the offline first reviewer). */
export async function issueCertificate(d: AppDeps, actor: string, req: IssueRequest, q: Queryable = d.db): Promise<CertificateBinding> {
  if (req.demo && d.config.production) throw badRequest('生产模式的编办服务器不签发演示密钥证书', 'demo');
  if (!req.csr && !req.publicKeySpki) throw badRequest('缺少证书请求（CSR）', 'csr');
  const csr = req.csr
    ? await CertificateAuthority.readCsr(req.csr).catch((e: unknown) => {
        throw badRequest(e instanceof Error ? e.message : String(e), 'csr');
      })
    : undefined;
  // Only the profile's key algorithms (P-256, RSA ≥ 2048) are certified; refused before any lookup.
  try {
    checkSubjectKey(csr ? new Uint8Array(csr.publicKey.rawData) : req.publicKeySpki!);
  } catch (e) {
    if (e instanceof KeyAlgorithmRefusedError) throw badRequest(e.message, 'csr');
    throw e;
  }
  // The subject, role and jurisdiction come from the server's records (native/certificate-profile):
  // CN/O unit name + organizationIdentifier credit code for a unit, CN holder + O bianban for a reviewer.
  let subject: SubjectFields;
  let jurisdiction: string;
  let unitId: string | null = null;
  let bianbanId: string | null = null;
  if (req.role === 'unit') {
    if (!req.unitId) throw badRequest('单位证书须指定单位（unitId）', 'unitId');
    const unit = await getUnit(q, req.unitId);
    if (!unit) throw notFound(`单位不存在：${req.unitId}`);
    const bianban = await getBianban(q, unit.bianbanId);
    if (!bianban) throw notFound(`单位 ${unit.id} 的所属编办不存在：${unit.bianbanId}`);
    unitId = unit.id;
    bianbanId = unit.bianbanId;
    subject = { commonName: unit.name, organization: unit.name, creditCode: unit.creditCode };
    // A unit's jurisdiction is that of the bianban it is registered with.
    jurisdiction = bianban.regionCode;
  } else {
    if (!req.bianbanId) throw badRequest('审核人员证书须指定编办（bianbanId）', 'bianbanId');
    const b = await getBianban(q, req.bianbanId);
    if (!b) throw notFound(`编办不存在：${req.bianbanId}`);
    bianbanId = b.id;
    subject = { commonName: req.holderName, organization: b.name };
    jurisdiction = b.regionCode;
  }
  if (!/^\d{6}$/.test(jurisdiction)) {
    throw badRequest(`编办 ${bianbanId} 的行政区划代码“${jurisdiction}”不是 6 位数字（GB/T 2260），不能写入证书的管辖区域：请先更正编办资料`);
  }
  const cert: X509Certificate = await d.ca.issueKey({ csr, publicKeySpki: req.publicKeySpki, subject, role: req.role, jurisdiction, days: req.days ?? 3 * 365, demo: req.demo === true });
  const binding: CertificateBinding = {
    serial: cert.serialNumber.toLowerCase(),
    issuer: cert.issuer,
    spkiSha256: spkiSha256(cert),
    role: req.role,
    unitId,
    bianbanId,
    subject: cert.subject,
    holderName: req.holderName,
    pem: cert.toString('pem'),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    issuedAt: d.now().toISOString(),
    issuedBy: actor,
    revokedAt: null,
    revocationReason: null,
  };
  const run = async (tx: Queryable) => {
    await insertCertificate(tx, binding);
    const j = new Journal(tx, d.now);
    await j.audit({ actor, action: 'certificate.issue', entity: 'certificate', entityId: binding.serial, after: { ...binding, pem: undefined }, detail: { role: binding.role, unitId, bianbanId } });
    await j.change({ entity: 'certificate', id: binding.serial, unitId, bianbanId, data: certificateView(binding) });
  };
  if (q === d.db) await d.db.transaction(run);
  else await run(q);
  return binding;
}

export async function revoke(d: AppDeps, actor: string, serial: string, reason: string): Promise<CertificateBinding> {
  return d.db.transaction(async (tx) => {
    const before = await revokeCertificate(tx, serial, d.now().toISOString(), reason);
    if (!before) {
      const exists = await findCertificate(tx, serial);
      throw exists ? badRequest('该证书已经吊销') : notFound(`证书不存在：${serial}`);
    }
    const after = (await findCertificate(tx, serial))!;
    const j = new Journal(tx, d.now);
    await j.audit({ actor, action: 'certificate.revoke', entity: 'certificate', entityId: serial, before: { revokedAt: null }, after: { revokedAt: after.revokedAt }, detail: { reason } });
    await j.change({ entity: 'certificate', id: serial, unitId: after.unitId, bianbanId: after.bianbanId, data: certificateView(after) });
    return after;
  });
}
