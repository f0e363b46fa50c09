/**
 * Puts together what each form prints from a PrintSource (the local replica or a demo slice). Issued
 * forms print their sealed content once its seal checks out; without a local seal they print from the
 * replica rows, saying that the seal is missing; drafts print from the pending request.
 */
import { computeAlarms } from '../../domain/alarms';
import { ledgerSummary, leadersInPost } from '../../domain/ledger';
import type { Notice } from '../../domain/forms';
import { PRINT_FORM_TITLES } from '../../domain/forms/printable-forms';
import { publicityPeriod, type WorkCalendar } from '../../domain/forms/publicity-period';
import {
  departureNoticeContent,
  enrollmentNoticeContent,
  type DepartureNoticeContent,
  type EnrollmentNoticeContent,
  type PostUseSlipContent,
  type SealedContent,
} from '../../domain/forms/sealed-content';
import { verificationFigures } from '../../domain/forms/verification-figures';
import { verificationUrl } from '../../domain/forms/verification-link';
import type { StaffMember, Unit } from '../../domain/model';
import { fundingOf } from '../../domain/posts';
import type { CertificateExtractData } from './forms/certificate-extract';
import type { DepartureNoticeData } from './forms/departure-notice';
import type { EnrollmentNoticeData } from './forms/enrollment-notice';
import type { PostUseSlipData } from './forms/post-use-slip';
import type { PublicityNoticeData } from './forms/publicity-notice';
import type { RegistrationSheetData } from './forms/registration-sheet';
import type { SealView } from './forms/types';
import type { UnitFacts } from './forms/unit-facts';
import type { DepartureNoticeView, EnrollmentNoticeView, PersonFacts, PostUseSlipView } from './forms/views';
import type { VerificationReportData } from './forms/verification-report';
import { contentDigest, verifySealOffline } from './seal';
import type { PrintSource } from './source';

export interface AssembleOptions {
  /** The date the figures are computed for (vacancies, live slips, alarms). */
  today: string;
  /** Base of the server's public verification address, for the QR code. */
  verifyBaseUrl: string;
  /** Bianban certificates (PEM) a local seal must verify against; when empty only the digest is checked. */
  trusted?: readonly string[];
}

export class PrintDataError extends Error {
  override name = 'PrintDataError';
}

function need<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new PrintDataError(what);
  return v;
}

function sealed<C extends SealedContent>(src: PrintSource, number: string, kind: C['kind'], o: AssembleOptions): { content: C; seal: SealView } | null {
  const f = src.sealedForm(number);
  if (!f) return null;
  const label = PRINT_FORM_TITLES[kind];
  if (f.kind !== kind) throw new PrintDataError(`本机保存的编号 ${number} 是${PRINT_FORM_TITLES[f.kind]}，不是${label}`);
  const check = o.trusted?.length
    ? verifySealOffline(f, o.trusted)
    : contentDigest(f.content) === f.digest && f.content.number === number
      ? { ok: true as const }
      : { ok: false as const, message: '内容摘要与签章不符' };
  if (!check.ok) throw new PrintDataError(`本机保存的${label} ${number} 未通过签章核验（${check.message}），为防止打印被改动的表单已停止。请重新同步后再打印。`);
  return {
    content: f.content as C,
    seal: { bianbanName: f.content.bianbanName, digest: f.digest, verifyUrl: verificationUrl(o.verifyBaseUrl, number, f.digest) },
  };
}

function unitOf(src: PrintSource, id: string): Unit {
  return need(src.unit(id), `本机数据中找不到单位（${id}）；请先同步本单位数据`);
}

/** Sex and birth date are in the ID number itself; used when the person's record is not on this machine. */
function personFacts(name: string, idNumber: string, record: Pick<StaffMember, 'sex' | 'birthDate' | 'education'> | null): PersonFacts {
  if (record) return { name, idNumber, sex: record.sex, birthDate: record.birthDate, education: record.education };
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{2}(\d)[\dX]$/i.exec(idNumber);
  return {
    name,
    idNumber,
    sex: m ? (Number(m[4]) % 2 === 1 ? 'male' : 'female') : null,
    birthDate: m ? `${m[1]}-${m[2]}-${m[3]}` : null,
    education: null,
  };
}

export function postUseSlipData(src: PrintSource, number: string, o: AssembleOptions): PostUseSlipData {
  const slip = need(src.slip(number), `本机数据中找不到编号为“${number}”的编制使用单；请检查编号或先同步`);
  const unit = unitOf(src, slip.unitId);
  const supervisor = unit.supervisorUnitId ? src.unit(unit.supervisorUnitId) : null;
  const s = sealed<PostUseSlipContent>(src, number, 'postUseSlip', o);
  const bianbanName = s?.content.bianbanName ?? need(src.bianban(slip.bianbanId), `本机数据中找不到签发编办（${slip.bianbanId}）`).name;
  // Sealed fields win over the replica: the paper must say what was signed.
  const c = s?.content ?? null;
  const view: PostUseSlipView = {
    number,
    issuedOn: c?.issuedOn ?? slip.issuedOn,
    bianbanName,
    unit: { name: c?.unitName ?? unit.name, creditCode: c?.creditCode ?? unit.creditCode },
    supervisorName: supervisor?.name ?? null,
    postKey: c?.postKey ?? slip.postKey,
    fundingForm: fundingOf(c?.postKey ?? slip.postKey),
    recruitChannel: c?.recruitChannel ?? slip.recruitChannel,
    count: c?.count ?? slip.count,
    validUntil: c?.validUntil ?? slip.validUntil,
    atApproval: c?.atApproval ?? slip.atApproval,
    opinion: c?.opinion ?? slip.opinion,
  };
  return { content: view, slots: slip.slots, status: slip.status, draft: false, seal: s?.seal ?? null };
}

function noticeOf(src: PrintSource, number: string, kind: Notice['kind']): Notice | null {
  const n = src.notice(number);
  if (n && n.kind !== kind) throw new PrintDataError(`编号 ${number} 是${PRINT_FORM_TITLES[n.kind]}，不是${PRINT_FORM_TITLES[kind]}`);
  return n;
}

const missing = (number: string, kind: Notice['kind']) => `本机数据中找不到编号为“${number}”的${PRINT_FORM_TITLES[kind]}；请检查编号或先同步`;

export function enrollmentNoticeData(src: PrintSource, number: string, o: AssembleOptions): EnrollmentNoticeData {
  const s = sealed<EnrollmentNoticeContent>(src, number, 'enrollmentNotice', o);
  const n = noticeOf(src, number, 'enrollmentNotice');
  if (!s && !n) throw new PrintDataError(missing(number, 'enrollmentNotice'));
  const staffId = s?.content.staffId ?? n!.staffId;
  const unit = unitOf(src, s?.content.unitId ?? n!.unitId);
  const staff = src.staffMember(staffId) ?? src.departedMember(staffId);
  if (!s && !staff) throw new PrintDataError(`本机数据中找不到入编人员（${staffId}）`);
  const c = s?.content ?? enrollmentNoticeContent({ notice: n!, staff: staff!, unit, bianban: need(src.bianban(unit.bianbanId), `本机数据中找不到编办（${unit.bianbanId}）`) });
  const view: EnrollmentNoticeView = {
    number,
    issuedOn: c.issuedOn,
    bianbanName: c.bianbanName,
    unit: { name: c.unitName, creditCode: unit.creditCode },
    person: personFacts(c.name, c.idNumber, staff),
    postKey: c.postKey,
    fundingForm: c.fundingForm,
    recruitChannel: staff?.entryChannel ?? (c.slipNumber ? (src.slip(c.slipNumber)?.recruitChannel ?? null) : null),
    slipNumber: c.slipNumber,
    slotNo: c.slotNo,
    enrolledOn: c.enrolledOn,
  };
  return { content: view, draft: false, seal: s?.seal ?? null };
}

export function departureNoticeData(src: PrintSource, number: string, o: AssembleOptions): DepartureNoticeData {
  const s = sealed<DepartureNoticeContent>(src, number, 'departureNotice', o);
  const n = noticeOf(src, number, 'departureNotice');
  if (!s && !n) throw new PrintDataError(missing(number, 'departureNotice'));
  const staffId = s?.content.staffId ?? n!.staffId;
  const unit = unitOf(src, s?.content.unitId ?? n!.unitId);
  const staff = need(src.departedMember(staffId), `本机数据中找不到出编人员（${staffId}）的减少人员记录；请先同步`);
  const c = s?.content ?? departureNoticeContent({ notice: n!, staff, unit, bianban: need(src.bianban(unit.bianbanId), `本机数据中找不到编办（${unit.bianbanId}）`) });
  const view: DepartureNoticeView = {
    number,
    issuedOn: c.issuedOn,
    bianbanName: c.bianbanName,
    unit: { name: c.unitName, creditCode: unit.creditCode },
    person: personFacts(c.name, staff.idNumber, staff),
    postKey: c.postKey,
    reason: c.reason,
    departedOn: c.departedOn,
  };
  return { content: view, draft: false, seal: s?.seal ?? null };
}

// ── drafts: a request still in review prints as the form it will become, watermarked ──

export function draftData(
  src: PrintSource,
  requestId: string,
  o: AssembleOptions,
): (PostUseSlipData & { kind: 'postUseSlip' }) | (EnrollmentNoticeData & { kind: 'enrollmentNotice' }) | (DepartureNoticeData & { kind: 'departureNotice' }) {
  const r = need(src.request(requestId), `本机数据中找不到申报（${requestId}）`);
  const unit = unitOf(src, r.unitId);
  const bianban = need(src.bianban(unit.bianbanId), `本机数据中找不到编办（${unit.bianbanId}）`);
  const base = { number: '', issuedOn: o.today, bianbanName: bianban.name, unit: { name: unit.name, creditCode: unit.creditCode } };
  switch (r.kind) {
    case 'postUse': {
      const p = r.payload;
      const summary = ledgerSummary({ entries: src.ledger(unit.id), staff: src.staff(unit.id), slips: src.slips(unit.id), today: o.today });
      const supervisor = unit.supervisorUnitId ? src.unit(unit.supervisorUnitId) : null;
      const content: PostUseSlipView = {
        ...base,
        supervisorName: supervisor?.name ?? null,
        postKey: p.postKey,
        fundingForm: fundingOf(p.postKey),
        recruitChannel: p.recruitChannel,
        count: p.count,
        validUntil: '',
        atApproval: { approved: summary.approved[p.postKey], occupied: summary.occupied[p.postKey], reserved: summary.reserved[p.postKey], vacant: summary.vacant[p.postKey] },
        opinion: '',
      };
      return { kind: 'postUseSlip', content, slots: [], status: 'active', draft: true, seal: null };
    }
    case 'enrollment': {
      const p = r.payload;
      const slip = need(src.slip(p.slipNumber), `入编登记引用的编制使用单“${p.slipNumber}”不在本机数据中`);
      const content: EnrollmentNoticeView = {
        ...base,
        person: { name: p.person.name, idNumber: p.person.idNumber, sex: p.person.sex, birthDate: p.person.birthDate, education: p.person.education },
        postKey: slip.postKey,
        fundingForm: fundingOf(slip.postKey) ?? unit.fundingForm,
        recruitChannel: slip.recruitChannel,
        slipNumber: p.slipNumber,
        slotNo: p.slotNo,
        enrolledOn: p.enrolledOn,
      };
      return { kind: 'enrollmentNotice', content, draft: true, seal: null };
    }
    case 'departure': {
      const p = r.payload;
      const m = need(src.staffMember(p.staffId), `出编登记的人员（${p.staffId}）不在本机实有人员中`);
      const content: DepartureNoticeView = {
        ...base,
        person: { name: m.name, idNumber: m.idNumber, sex: m.sex, birthDate: m.birthDate, education: m.education },
        postKey: m.postKey,
        reason: p.reason,
        departedOn: p.departedOn,
      };
      return { kind: 'departureNotice', content, draft: true, seal: null };
    }
    case 'change':
      throw new PrintDataError('信息变更申报没有对应的打印表单；请在申报详情中查看');
  }
}

// ── the unit's own sheets ──

function unitFacts(src: PrintSource, unitId: string, today: string): UnitFacts & { unit: Unit } {
  const unit = unitOf(src, unitId);
  const supervisor = unit.supervisorUnitId ? src.unit(unit.supervisorUnitId) : null;
  return {
    unit,
    supervisor: supervisor ? { id: supervisor.id, name: supervisor.name } : null,
    divisions: src.divisions(unitId),
    subordinates: src.children(unitId).filter((u) => !u.abolished).map((u) => ({ id: u.id, name: u.name })),
    summary: ledgerSummary({ entries: src.ledger(unitId), staff: src.staff(unitId), slips: src.slips(unitId), today }),
    offEstablishment: src.offEstablishment(unitId),
    asOf: today,
  };
}

export function registrationSheetData(src: PrintSource, unitId: string, today: string): RegistrationSheetData {
  return { ...unitFacts(src, unitId, today), staff: src.staff(unitId) };
}

export interface PublicityOptions {
  /** First day of the posting; the next working day when omitted. */
  start?: string;
  /** At least 5. */
  workingDays?: number;
  calendar?: WorkCalendar;
  contact?: { department: string; phone: string };
}

export function publicityNoticeData(src: PrintSource, unitId: string, today: string, p: PublicityOptions = {}): PublicityNoticeData {
  const facts = unitFacts(src, unitId, today);
  return {
    ...facts,
    bianban: src.bianban(facts.unit.bianbanId),
    period: publicityPeriod(p.start ?? today, p.workingDays ?? 5, p.calendar),
    staffCount: src.staff(unitId).length,
    contact: p.contact ?? { department: '组织人事部门', phone: facts.unit.phone || '\u3000\u3000\u3000\u3000\u3000\u3000' },
    noticeDate: p.start ?? today,
  };
}

export function verificationReportData(src: PrintSource, unitId: string, today: string, reportDate = today): VerificationReportData {
  const unit = unitOf(src, unitId);
  const units = src.subtree(unitId);
  const ledger = units.flatMap((u) => src.ledger(u.id));
  const staff = units.flatMap((u) => src.staff(u.id));
  const slips = units.flatMap((u) => src.slips(u.id));
  const alarms = computeAlarms({ units, ledger, staff, slips, departureFiled: src.departureFiled(units.map((u) => u.id)), today });
  const offEstablishment = units.map((u) => ({ unitId: u.id, count: src.offEstablishment(u.id) }));
  return {
    unit: { id: unit.id, name: unit.name },
    unitCount: units.length,
    figures: verificationFigures({ units, ledger, staff, slips, offEstablishment, alarms, today }),
    asOf: today,
    reportDate,
  };
}

export function certificateExtractData(src: PrintSource, unitId: string, today: string, copies = 2): CertificateExtractData {
  const facts = unitFacts(src, unitId, today);
  const staff = src.staff(unitId);
  const year = today.slice(0, 4);
  const used = leadersInPost(staff);
  return {
    ...facts,
    bianban: src.bianban(facts.unit.bianbanId),
    staffCount: staff.length,
    staffBySex: { male: staff.filter((s) => s.sex === 'male').length, female: staff.filter((s) => s.sex === 'female').length },
    leadersInPost: Object.values(used).reduce((t, n) => t + n, 0),
    departedThisYear: src.departed(unitId).filter((d) => d.departedOn.startsWith(year)).length,
    ledger: src.ledger(unitId),
    copies,
  };
}
