/**
 * The canonical content of an issued form: exactly what the bianban signs (the seal) and what the QR
 * digest covers. The shapes are the ones the server's approval workflow seals
 * (server/workflow/apply.ts through issueForm, which adds `number` and `kind`); the builders here make
 * the same shape from domain records, for demo forms and tests, and so both sides can share them.
 *
 * Signed bytes: UTF-8 of canonicalJson(content). Digest: SHA-256 of the same bytes, lower-case hex.
 * `number` and `kind` are part of the content, so changing either breaks the seal.
 *
 * What a printed form shows beyond the sealed fields (a person's sex and education, the supervising
 * department, which names filled which 用编序号) comes from the replica and is not covered by the seal.
 */
import type { SignatureEnvelope } from '../crypto/signature';
import type { Notice, PostUseSlip } from '../forms';
import type { Bianban, DepartedStaffMember, DepartureReason, IsoDate, RecruitChannel, StaffMember, Unit } from '../model';
import { fundingOf, POST_KEY_LABELS, type Funding, type PostKey } from '../posts';

/** 《机关事业单位编制使用单》 */
export interface PostUseSlipContent {
  kind: 'postUseSlip';
  number: string;
  requestId: string;
  unitId: string;
  unitName: string;
  creditCode: string;
  bianbanId: string;
  bianbanName: string;
  postKey: PostKey;
  postKeyLabel: string;
  recruitChannel: RecruitChannel;
  count: number;
  slotNos: number[];
  issuedOn: IsoDate;
  validUntil: IsoDate;
  atApproval: PostUseSlip['atApproval'];
  opinion: string;
}

/** 《机关事业单位入编通知单》 */
export interface EnrollmentNoticeContent {
  kind: 'enrollmentNotice';
  number: string;
  requestId: string;
  unitId: string;
  unitName: string;
  bianbanName: string;
  staffId: string;
  name: string;
  idNumber: string;
  postKey: PostKey;
  postKeyLabel: string;
  /** The post's funding form for institutional posts, otherwise the unit's. */
  fundingForm: Funding;
  slipNumber: string | null;
  slotNo: number | null;
  enrolledOn: IsoDate;
  issuedOn: IsoDate;
}

/** 出编（核销）通知单 */
export interface DepartureNoticeContent {
  kind: 'departureNotice';
  number: string;
  requestId: string;
  unitId: string;
  unitName: string;
  bianbanName: string;
  staffId: string;
  name: string;
  /** The post freed by the departure. */
  postKey: PostKey;
  postKeyLabel: string;
  reason: DepartureReason;
  departedOn: IsoDate;
  issuedOn: IsoDate;
}

export type SealedContent = PostUseSlipContent | EnrollmentNoticeContent | DepartureNoticeContent;

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

export function postUseSlipContent(o: {
  slip: Omit<PostUseSlip, 'slots' | 'status'>;
  unit: Pick<Unit, 'id' | 'name' | 'creditCode'>;
  bianban: Pick<Bianban, 'id' | 'name'>;
}): PostUseSlipContent {
  const s = o.slip;
  return {
    kind: 'postUseSlip',
    number: s.number,
    requestId: s.requestId,
    unitId: o.unit.id,
    unitName: o.unit.name,
    creditCode: o.unit.creditCode,
    bianbanId: o.bianban.id,
    bianbanName: o.bianban.name,
    postKey: s.postKey,
    postKeyLabel: POST_KEY_LABELS[s.postKey],
    recruitChannel: s.recruitChannel,
    count: s.count,
    slotNos: Array.from({ length: s.count }, (_, i) => i + 1),
    issuedOn: s.issuedOn,
    validUntil: s.validUntil,
    atApproval: { approved: s.atApproval.approved, occupied: s.atApproval.occupied, reserved: s.atApproval.reserved, vacant: s.atApproval.vacant },
    opinion: s.opinion,
  };
}

/** What every notice says first: its number and request, the unit, the bianban, the person and the post. */
function noticeHeader(o: {
  notice: Pick<Notice, 'number' | 'requestId' | 'staffId'>;
  staff: Pick<StaffMember, 'name' | 'postKey'>;
  unit: Pick<Unit, 'id' | 'name'>;
  bianban: Pick<Bianban, 'name'>;
}) {
  return {
    number: o.notice.number,
    requestId: o.notice.requestId,
    unitId: o.unit.id,
    unitName: o.unit.name,
    bianbanName: o.bianban.name,
    staffId: o.notice.staffId,
    name: o.staff.name,
    postKey: o.staff.postKey,
    postKeyLabel: POST_KEY_LABELS[o.staff.postKey],
  };
}

export function enrollmentNoticeContent(o: {
  notice: Pick<Notice, 'number' | 'requestId' | 'issuedOn' | 'staffId' | 'slipNumber' | 'slotNo'>;
  staff: Pick<StaffMember, 'name' | 'idNumber' | 'postKey' | 'enrolledOn'>;
  unit: Pick<Unit, 'id' | 'name' | 'fundingForm'>;
  bianban: Pick<Bianban, 'name'>;
}): EnrollmentNoticeContent {
  const n = o.notice;
  return {
    kind: 'enrollmentNotice',
    ...noticeHeader(o),
    idNumber: o.staff.idNumber,
    fundingForm: fundingOf(o.staff.postKey) ?? o.unit.fundingForm,
    slipNumber: n.slipNumber,
    slotNo: n.slotNo,
    enrolledOn: o.staff.enrolledOn,
    issuedOn: n.issuedOn,
  };
}

export function departureNoticeContent(o: {
  notice: Pick<Notice, 'number' | 'requestId' | 'issuedOn' | 'staffId'>;
  staff: Pick<DepartedStaffMember, 'name' | 'postKey' | 'reason' | 'departedOn'>;
  unit: Pick<Unit, 'id' | 'name'>;
  bianban: Pick<Bianban, 'name'>;
}): DepartureNoticeContent {
  const n = o.notice;
  return {
    kind: 'departureNotice',
    ...noticeHeader(o),
    reason: o.staff.reason,
    departedOn: o.staff.departedOn,
    issuedOn: n.issuedOn,
  };
}
