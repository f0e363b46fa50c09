/**
 * 业务申报: every kind of request shares one record shape and one state machine (request-state.ts).
 */
import type { DepartureReason, Education, IsoDate, IsoInstant, RecruitChannel, Sex } from './model';
import type { PostKey } from './posts';

export const REQUEST_KINDS = ['postUse', 'enrollment', 'departure', 'change'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  postUse: '用编申请',
  enrollment: '入编登记',
  departure: '出编登记',
  change: '信息变更',
};

export interface PostUsePayload {
  postKey: PostKey;
  count: number;
  recruitChannel: RecruitChannel;
  reason: string;
}

export interface EnrollmentPerson {
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: IsoDate;
  ethnicity: string;
  education: Education;
  politicalStatus: string;
  phone: string;
}

export interface EnrollmentPayload {
  slipNumber: string;
  slotNo: number;
  person: EnrollmentPerson;
  divisionId: string | null;
  position: string;
  positionLevel: string;
  enrolledOn: IsoDate;
  /** SHA-256 hex of the photo file, when a photo is attached (the bytes travel separately). */
  photoDigest: string | null;
}

export interface DeparturePayload {
  staffId: string;
  reason: DepartureReason;
  departedOn: IsoDate;
  note: string;
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface ChangePayload {
  target: 'staff' | 'unit';
  targetId: string;
  changes: FieldChange[];
  reason: string;
}

export interface PayloadByKind {
  postUse: PostUsePayload;
  enrollment: EnrollmentPayload;
  departure: DeparturePayload;
  change: ChangePayload;
}

export const REQUEST_STATES = ['draft', 'submitted', 'supervisorReview', 'bianbanReview', 'approved', 'returned', 'rejected', 'withdrawn'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const REQUEST_STATE_LABELS: Record<RequestState, string> = {
  draft: '草稿',
  submitted: '已提交',
  supervisorReview: '主管部门审核中',
  bianbanReview: '编办审核中',
  approved: '已核准',
  returned: '退回修改',
  rejected: '不予核准',
  withdrawn: '已撤回',
};

export type DecisionOutcome = 'approve' | 'return' | 'reject';
export const DECISION_LABELS: Record<DecisionOutcome, string> = { approve: '同意', return: '退回修改', reject: '不予核准' };

/** One step of a request's trail: who moved it, from which state to which, and why. */
export interface TrailEntry {
  at: IsoInstant;
  event: RequestEvent['type'];
  from: RequestState;
  to: RequestState;
  /** Certificate serial of the actor (unit officer or reviewer). */
  actor: string;
  actorName: string;
  comment: string;
}

export type RequestEvent =
  | { type: 'submit' }
  | { type: 'accept'; hasSupervisor: boolean }
  | { type: 'supervisorApprove'; comment?: string }
  | { type: 'approve'; comment?: string }
  | { type: 'return'; comment: string }
  | { type: 'reject'; comment: string }
  | { type: 'withdraw' }
  | { type: 'revise' };

export interface BusinessRequest<K extends RequestKind = RequestKind> {
  /** UUIDv7, made by the client; also the idempotency key of the push. */
  id: string;
  kind: K;
  unitId: string;
  state: RequestState;
  payload: PayloadByKind[K];
  createdAt: IsoInstant;
  submittedAt: IsoInstant | null;
  trail: TrailEntry[];
}

export type AnyRequest = { [K in RequestKind]: BusinessRequest<K> }[RequestKind];
