/**
 * What the issued-form templates print: the sealed content (domain/forms/sealed-content.ts) merged
 * with facts the seal does not cover (a person's sex and education, the supervising department),
 * which come from the replica. assemble.ts builds these.
 */
import type { PostUseSlip } from '../../../domain/forms';
import type { DepartureReason, Education, IsoDate, RecruitChannel, Sex } from '../../../domain/model';
import type { Funding, PostKey } from '../../../domain/posts';

export interface UnitRef {
  name: string;
  creditCode: string;
}

export interface PersonFacts {
  name: string;
  idNumber: string;
  sex: Sex | null;
  birthDate: IsoDate | null;
  education: Education | null;
}

interface ViewBase {
  /** '' for a draft. */
  number: string;
  issuedOn: IsoDate;
  bianbanName: string;
  unit: UnitRef;
}

export interface PostUseSlipView extends ViewBase {
  supervisorName: string | null;
  postKey: PostKey;
  fundingForm: Funding | null;
  recruitChannel: RecruitChannel;
  count: number;
  validUntil: IsoDate;
  atApproval: PostUseSlip['atApproval'];
  opinion: string;
}

export interface EnrollmentNoticeView extends ViewBase {
  person: PersonFacts;
  postKey: PostKey;
  fundingForm: Funding;
  recruitChannel: RecruitChannel | null;
  slipNumber: string | null;
  slotNo: number | null;
  enrolledOn: IsoDate;
}

export interface DepartureNoticeView extends ViewBase {
  person: PersonFacts;
  postKey: PostKey;
  reason: DepartureReason;
  departedOn: IsoDate;
}
