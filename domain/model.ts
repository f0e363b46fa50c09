/**
 * The business records, as plain data shared by the client replica, the server and the forms.
 * Dates are ISO strings: `YYYY-MM-DD` for calendar dates, full ISO 8601 for instants.
 */
import type { Funding, LeaderKind, PostKey } from './posts';

export type IsoDate = string;
export type IsoInstant = string;

export type BianbanLevel = 'province' | 'city' | 'county';
export const BIANBAN_LEVEL_LABELS: Record<BianbanLevel, string> = { province: '省级', city: '市级', county: '县级' };

/** 机构编制委员会办公室. `regionCode` is the 6-digit administrative division code of its jurisdiction. */
export interface Bianban {
  id: string;
  name: string;
  level: BianbanLevel;
  parentId: string | null;
  regionCode: string;
  /** Short issuer name used in form numbers and document numbers, e.g. 泰机编. */
  shortName: string;
}

export const UNIT_KINDS = ['organ', 'civilServiceInstitution', 'institution', 'massOrganisation', 'agency', 'developmentZone'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  organ: '行政机关',
  civilServiceInstitution: '参公事业单位',
  institution: '事业单位',
  massOrganisation: '群团机关',
  agency: '派出机构',
  developmentZone: '开发区管理机构',
};

export const UNIT_RANKS = ['bureauFull', 'bureauDeputy', 'divisionFull', 'divisionDeputy', 'sectionFull', 'sectionDeputy', 'stock', 'unranked'] as const;
export type UnitRank = (typeof UNIT_RANKS)[number];
export const UNIT_RANK_LABELS: Record<UnitRank, string> = {
  bureauFull: '正厅级',
  bureauDeputy: '副厅级',
  divisionFull: '正处级',
  divisionDeputy: '副处级',
  sectionFull: '正科级',
  sectionDeputy: '副科级',
  stock: '股级',
  unranked: '不定级',
};

export interface Unit {
  id: string;
  name: string;
  creditCode: string;
  kind: UnitKind;
  rank: UnitRank;
  fundingForm: Funding;
  bianbanId: string;
  supervisorUnitId: string | null;
  /** 主要职责 */
  functions: string;
  /** 权责清单: one power per entry */
  powerList: string[];
  address: string;
  phone: string;
  establishedOn: IsoDate;
  /** 历史沿革: chronological notes */
  history: { date: IsoDate; text: string }[];
  abolished: boolean;
}

export interface Division {
  id: string;
  unitId: string;
  name: string;
  abolished: boolean;
}

/** One approval document with per-type post deltas and leader-quota deltas (negative for cuts). */
export interface LedgerEntry {
  id: string;
  unitId: string;
  documentNo: string;
  date: IsoDate;
  issuer: string;
  postDeltas: Partial<Record<PostKey, number>>;
  leaderDeltas: Partial<Record<LeaderKind, number>>;
  note: string;
}

export type Sex = 'male' | 'female';
export const SEX_LABELS: Record<Sex, string> = { male: '男', female: '女' };

export const EDUCATIONS = ['doctorate', 'master', 'bachelor', 'college', 'secondary', 'highSchool', 'juniorHigh'] as const;
export type Education = (typeof EDUCATIONS)[number];
export const EDUCATION_LABELS: Record<Education, string> = {
  doctorate: '博士研究生',
  master: '硕士研究生',
  bachelor: '大学本科',
  college: '大学专科',
  secondary: '中专',
  highSchool: '高中',
  juniorHigh: '初中及以下',
};

export const RECRUIT_CHANNELS = [
  'civilServiceExam',
  'openRecruitment',
  'appointment',
  'transfer',
  'militaryTransfer',
  'veteranPlacement',
  'talentIntroduction',
  'selectedGraduate',
] as const;
export type RecruitChannel = (typeof RECRUIT_CHANNELS)[number];
export const RECRUIT_CHANNEL_LABELS: Record<RecruitChannel, string> = {
  civilServiceExam: '公务员考录',
  openRecruitment: '事业单位公开招聘',
  appointment: '调任',
  transfer: '转任/调入',
  militaryTransfer: '军转安置',
  veteranPlacement: '退役士兵安置',
  talentIntroduction: '人才引进',
  selectedGraduate: '选调生',
};

/** Which statutory retirement schedule applies (see retirement.ts). */
export type RetirementCategory = 'male' | 'female-50' | 'female-55';

/** 实有人员: a person in establishment, by real name. */
export interface StaffMember {
  id: string;
  unitId: string;
  divisionId: string | null;
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: IsoDate;
  ethnicity: string;
  education: Education;
  politicalStatus: string;
  postKey: PostKey;
  /** 职务 / 岗位, free text as on the appointment */
  position: string;
  /** 职级 / 岗位等级 */
  positionLevel: string;
  /** Set when the person holds a leadership position counted against the leader quota. */
  leaderKind: LeaderKind | null;
  retirementCategory: RetirementCategory;
  enrolledOn: IsoDate;
  entryChannel: RecruitChannel;
  /** The post-use slip and slot the person was enrolled against, when known. */
  slipNumber: string | null;
  slotNo: number | null;
  phone: string;
  /** Date the person actually left, once known, while the departure is not yet approved. */
  leftOn: IsoDate | null;
}

export const DEPARTURE_REASONS = ['retirement', 'death', 'transferOut', 'resignation', 'dismissal', 'contractTermination', 'expulsion', 'other'] as const;
export type DepartureReason = (typeof DEPARTURE_REASONS)[number];
export const DEPARTURE_REASON_LABELS: Record<DepartureReason, string> = {
  retirement: '退休',
  death: '死亡',
  transferOut: '调出',
  resignation: '辞职',
  dismissal: '辞退',
  contractTermination: '解聘',
  expulsion: '开除',
  other: '其他',
};

/** 减少人员: kept forever. */
export interface DepartedStaffMember extends StaffMember {
  departedOn: IsoDate;
  reason: DepartureReason;
  departureNoticeNumber: string | null;
}

/** 编外人员 are counted, not named. */
export interface OffEstablishmentCount {
  unitId: string;
  count: number;
}
