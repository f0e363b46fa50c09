/** Issued forms: post-use slips with their slots, and notices. */
import type { Funding, PostKey } from './posts';
import type { IsoDate, RecruitChannel } from './model';

export const FORM_KINDS = ['postUseSlip', 'enrollmentNotice', 'departureNotice'] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const FORM_KIND_LABELS: Record<FormKind, string> = {
  postUseSlip: '机关事业单位编制使用单',
  enrollmentNotice: '机关事业单位入编通知单',
  departureNotice: '机关事业单位出编通知单',
};

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
  kind: 'enrollmentNotice' | 'departureNotice';
  requestId: string;
  unitId: string;
  staffId: string;
  issuedOn: IsoDate;
  slipNumber: string | null;
  slotNo: number | null;
}
