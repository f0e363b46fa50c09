/** Issued forms: post-use slips with their slots, and notices. */
import type { Funding, PostKey } from './posts';
import type { IsoDate, RecruitChannel } from './model';
import type { NoticeKind } from './forms/printable-forms';

/** The sealed form kinds, from the one table of printable forms. */
export { FORM_KINDS, type FormKind } from './forms/printable-forms';

export interface SlipSlot {
  /** 用编序号, 1-based within the slip */
  slotNo: number;
  staffId: string | null;
  staffName: string | null;
  usedOn: IsoDate | null;
}

export type SlipStatus = 'active' | 'usedUp' | 'expired' | 'revoked';
export const SLIP_STATUS_LABELS: Record<SlipStatus, string> = {
  active: '有效',
  usedUp: '已用完',
  expired: '已过期',
  revoked: '已作废',
};

/** 《机关事业单位编制使用单》 */
export interface PostUseSlip {
  number: string;
  requestId: string;
  unitId: string;
  bianbanId: string;
  postKey: PostKey;
  fundingForm: Funding | null;
  recruitChannel: RecruitChannel;
  count: number;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  /** The unit's figures for that post key at approval time. */
  atApproval: { approved: number; occupied: number; reserved: number; vacant: number };
  slots: SlipSlot[];
  status: SlipStatus;
  opinion: string;
}

export interface Notice {
  number: string;
  kind: NoticeKind;
  requestId: string;
  unitId: string;
  staffId: string;
  issuedOn: IsoDate;
  slipNumber: string | null;
  slotNo: number | null;
}
