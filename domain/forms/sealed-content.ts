/**
 * The canonical content of an issued form: exactly what the bianban signs (the seal) and what the QR
 * digest covers. Printing renders from this content, not from replica rows, so the paper says what was
 * signed. The server builds it with these functions when it issues a form; the client re-derives the
 * digest and checks the signature before printing and when verifying a scanned form.
 *
 * Signed bytes: UTF-8 of canonicalJson(content). Digest: SHA-256 of the same bytes, lower-case hex.
 * `number` and `kind` are part of the content, so changing either breaks the seal.
 *
 * Slots of a post-use slip (which name filled which 用编序号) change after issue and are therefore not
 * sealed: a printed slip shows them as "使用情况" as of the print date.
 */
import type { SignatureEnvelope } from '../crypto/signature';
import type { Notice, PostUseSlip } from '../forms';
import type { Bianban, DepartedStaffMember, DepartureReason, Education, IsoDate, RecruitChannel, Sex, StaffMember, Unit } from '../model';
import { fundingOf, type Funding, type PostKey } from '../posts';

export const SEALED_CONTENT_VERSION = 1 as const;

export interface BianbanRef {
  id: string;
  name: string;
}

export interface UnitRef {
  id: string;
  name: string;
  creditCode: string;
}

export interface PersonFacts {
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: IsoDate;
  education: Education;
}

interface ContentBase {
  /** Format version of this content shape; bump when a field is added. */
  v: typeof SEALED_CONTENT_VERSION;
  number: string;
  requestId: string;
  issuedOn: IsoDate;
  bianban: BianbanRef;
  unit: UnitRef;
}

/** 《机关事业单位编制使用单》 */
export interface PostUseSlipContent extends ContentBase {
  kind: 'postUseSlip';
  supervisor: UnitRef | null;
  postKey: PostKey;
  fundingForm: Funding | null;
  recruitChannel: RecruitChannel;
  count: number;
  validUntil: IsoDate;
  atApproval: PostUseSlip['atApproval'];
  opinion: string;
}

/** 《机关事业单位入编通知单》 */
export interface EnrollmentNoticeContent extends ContentBase {
  kind: 'enrollmentNotice';
  staffId: string;
  person: PersonFacts;
  postKey: PostKey;
  /** The post's funding form for institutional posts, otherwise the unit's. */
  fundingForm: Funding;
  recruitChannel: RecruitChannel;
  slipNumber: string | null;
  slotNo: number | null;
  enrolledOn: IsoDate;
}

/** 出编（核销）通知单 */
export interface DepartureNoticeContent extends ContentBase {
  kind: 'departureNotice';
  staffId: string;
  person: PersonFacts;
  /** The post freed by the departure. */
  postKey: PostKey;
  reason: DepartureReason;
  departedOn: IsoDate;
}

export type SealedContent = PostUseSlipContent | EnrollmentNoticeContent | DepartureNoticeContent;
export type SealedKind = SealedContent['kind'];

/** An issued form as it travels to the client: content, its digest and the bianban's signature. */
export interface SealedForm<C extends SealedContent = SealedContent> {
  number: string;
  kind: C['kind'];
  content: C;
  /** SHA-256 hex of canonicalJson(content). */
  digest: string;
  seal: SignatureEnvelope;
  issuedAt?: string;
}

function bianbanRef(b: Pick<Bianban, 'id' | 'name'>): BianbanRef {
  return { id: b.id, name: b.name };
}

function unitRef(u: Pick<Unit, 'id' | 'name' | 'creditCode'>): UnitRef {
  return { id: u.id, name: u.name, creditCode: u.creditCode };
}

function person(p: Pick<StaffMember, 'name' | 'idNumber' | 'sex' | 'birthDate' | 'education'>): PersonFacts {
  return { name: p.name, idNumber: p.idNumber, sex: p.sex, birthDate: p.birthDate, education: p.education };
}

export function postUseSlipContent(o: {
  slip: Omit<PostUseSlip, 'slots' | 'status'>;
  unit: Pick<Unit, 'id' | 'name' | 'creditCode'>;
  supervisor: Pick<Unit, 'id' | 'name' | 'creditCode'> | null;
  bianban: Pick<Bianban, 'id' | 'name'>;
}): PostUseSlipContent {
  const s = o.slip;
  return {
    v: SEALED_CONTENT_VERSION,
    kind: 'postUseSlip',
    number: s.number,
    requestId: s.requestId,
    issuedOn: s.issuedOn,
    bianban: bianbanRef(o.bianban),
    unit: unitRef(o.unit),
    supervisor: o.supervisor ? unitRef(o.supervisor) : null,
    postKey: s.postKey,
    fundingForm: s.fundingForm,
    recruitChannel: s.recruitChannel,
    count: s.count,
    validUntil: s.validUntil,
    atApproval: { approved: s.atApproval.approved, occupied: s.atApproval.occupied, reserved: s.atApproval.reserved, vacant: s.atApproval.vacant },
    opinion: s.opinion,
  };
}

export function enrollmentNoticeContent(o: {
  notice: Pick<Notice, 'number' | 'requestId' | 'issuedOn' | 'staffId' | 'slipNumber' | 'slotNo'>;
  staff: Pick<StaffMember, 'name' | 'idNumber' | 'sex' | 'birthDate' | 'education' | 'postKey' | 'entryChannel' | 'enrolledOn'>;
  unit: Pick<Unit, 'id' | 'name' | 'creditCode' | 'fundingForm'>;
  bianban: Pick<Bianban, 'id' | 'name'>;
}): EnrollmentNoticeContent {
  const n = o.notice;
  return {
    v: SEALED_CONTENT_VERSION,
    kind: 'enrollmentNotice',
    number: n.number,
    requestId: n.requestId,
    issuedOn: n.issuedOn,
    bianban: bianbanRef(o.bianban),
    unit: unitRef(o.unit),
    staffId: n.staffId,
    person: person(o.staff),
    postKey: o.staff.postKey,
    fundingForm: fundingOf(o.staff.postKey) ?? o.unit.fundingForm,
    recruitChannel: o.staff.entryChannel,
    slipNumber: n.slipNumber,
    slotNo: n.slotNo,
    enrolledOn: o.staff.enrolledOn,
  };
}

export function departureNoticeContent(o: {
  notice: Pick<Notice, 'number' | 'requestId' | 'issuedOn' | 'staffId'>;
  staff: Pick<DepartedStaffMember, 'name' | 'idNumber' | 'sex' | 'birthDate' | 'education' | 'postKey' | 'reason' | 'departedOn'>;
  unit: Pick<Unit, 'id' | 'name' | 'creditCode'>;
  bianban: Pick<Bianban, 'id' | 'name'>;
}): DepartureNoticeContent {
  const n = o.notice;
  return {
    v: SEALED_CONTENT_VERSION,
    kind: 'departureNotice',
    number: n.number,
    requestId: n.requestId,
    issuedOn: n.issuedOn,
    bianban: bianbanRef(o.bianban),
    unit: unitRef(o.unit),
    staffId: n.staffId,
    person: person(o.staff),
    postKey: o.staff.postKey,
    reason: o.staff.reason,
    departedOn: o.staff.departedOn,
  };
}
