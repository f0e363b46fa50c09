/**
 * One state machine for every kind of request:
 *   draft → submitted → (supervisorReview, only for units with a supervising department) → bianbanReview
 *         → approved | returned | rejected;  withdraw before a decision;  returned → draft (revise) or submit again.
 * An illegal transition throws; callers never get a silent no-op.
 */
import { REQUEST_STATE_LABELS, type RequestEvent, type RequestState } from './requests';

export class RequestTransitionError extends Error {
  constructor(
    readonly from: RequestState,
    readonly event: RequestEvent['type'],
  ) {
    super(`当前状态为“${REQUEST_STATE_LABELS[from]}”，不能执行“${EVENT_LABELS[event]}”`);
    this.name = 'RequestTransitionError';
  }
}

export const EVENT_LABELS: Record<RequestEvent['type'], string> = {
  submit: '提交',
  accept: '受理',
  supervisorApprove: '主管部门同意',
  approve: '核准',
  return: '退回修改',
  reject: '不予核准',
  withdraw: '撤回',
  revise: '修改',
};

const REVIEW_STATES: readonly RequestState[] = ['supervisorReview', 'bianbanReview'];

export function transition(state: RequestState, event: RequestEvent): RequestState {
  switch (event.type) {
    case 'submit':
      if (state === 'draft' || state === 'returned') return 'submitted';
      break;
    case 'accept':
      if (state === 'submitted') return event.hasSupervisor ? 'supervisorReview' : 'bianbanReview';
      break;
    case 'supervisorApprove':
      if (state === 'supervisorReview') return 'bianbanReview';
      break;
    case 'approve':
      if (state === 'bianbanReview') return 'approved';
      break;
    case 'return':
    case 'reject':
      if (REVIEW_STATES.includes(state)) {
        if (!event.comment.trim()) throw new Error(`${EVENT_LABELS[event.type]}时必须填写审核意见，说明原因和修改要求`);
        return event.type === 'return' ? 'returned' : 'rejected';
      }
      break;
    case 'withdraw':
      if (state === 'submitted' || REVIEW_STATES.includes(state)) return 'withdrawn';
      break;
    case 'revise':
      if (state === 'returned') return 'draft';
      break;
  }
  throw new RequestTransitionError(state, event.type);
}

export function isAwaitingDecision(state: RequestState): boolean {
  return state === 'submitted' || REVIEW_STATES.includes(state);
}

export type Actor = 'unit' | 'supervisor' | 'bianban' | 'server';

/**
 * Who may take an event from a state: the unit that filed, its supervising department, the bianban, or
 * the server itself (acceptance of a push). A return or rejection belongs to whoever is reviewing: the
 * supervising department while the request sits with it, the bianban afterwards.
 */
export function actorOf(event: RequestEvent['type'], from: RequestState): Actor {
  switch (event) {
    case 'submit':
    case 'withdraw':
    case 'revise':
      return 'unit';
    case 'accept':
      return 'server';
    case 'supervisorApprove':
      return 'supervisor';
    case 'return':
    case 'reject':
      return from === 'supervisorReview' ? 'supervisor' : 'bianban';
    case 'approve':
      return 'bianban';
  }
}

export type DecisionOutcome = 'approve' | 'return' | 'reject';

/**
 * The event a reviewer's decision makes in the review step the request is in ("approve" with the
 * supervising department is its consent, not the approval); null when the request awaits no decision.
 */
export function decisionEvent(state: RequestState, outcome: DecisionOutcome, comment: string): RequestEvent | null {
  if (state !== 'supervisorReview' && state !== 'bianbanReview') return null;
  if (outcome === 'approve') return state === 'supervisorReview' ? { type: 'supervisorApprove', comment } : { type: 'approve', comment };
  return { type: outcome, comment };
}
