import { describe, expect, it } from 'vitest';
import { RequestTransitionError, transition } from '../../domain/request-state';
import { REQUEST_STATES, type RequestEvent, type RequestState } from '../../domain/requests';

const EVENTS: RequestEvent[] = [
  { type: 'submit' },
  { type: 'accept', hasSupervisor: true },
  { type: 'accept', hasSupervisor: false },
  { type: 'supervisorApprove' },
  { type: 'approve' },
  { type: 'return', comment: '补充招聘计划' },
  { type: 'reject', comment: '无空编' },
  { type: 'withdraw' },
  { type: 'revise' },
];

function walk(start: RequestState, events: RequestEvent[]): RequestState {
  return events.reduce(transition, start);
}

describe('request state machine', () => {
  it('takes a subordinate institution through the supervising department first', () => {
    expect(walk('draft', [{ type: 'submit' }, { type: 'accept', hasSupervisor: true }, { type: 'supervisorApprove' }, { type: 'approve' }])).toBe('approved');
  });

  it('sends a unit without a supervising department straight to the bianban', () => {
    expect(walk('draft', [{ type: 'submit' }, { type: 'accept', hasSupervisor: false }])).toBe('bianbanReview');
  });

  it('returns for correction back to the unit, which revises and resubmits', () => {
    const returned = walk('draft', [{ type: 'submit' }, { type: 'accept', hasSupervisor: false }, { type: 'return', comment: '请补充理由' }]);
    expect(returned).toBe('returned');
    expect(transition(returned, { type: 'revise' })).toBe('draft');
    expect(transition(returned, { type: 'submit' })).toBe('submitted');
  });

  it('lets the unit withdraw before a decision, not after', () => {
    expect(transition('bianbanReview', { type: 'withdraw' })).toBe('withdrawn');
    expect(transition('supervisorReview', { type: 'withdraw' })).toBe('withdrawn');
    expect(() => transition('approved', { type: 'withdraw' })).toThrow(RequestTransitionError);
  });

  it('requires a comment to return or reject', () => {
    expect(() => transition('bianbanReview', { type: 'reject', comment: '  ' })).toThrow(/审核意见/);
  });

  it('refuses every transition out of a final state, with the state named in Chinese', () => {
    for (const final of ['approved', 'rejected', 'withdrawn'] as RequestState[]) {
      for (const e of EVENTS) expect(() => transition(final, e)).toThrow(RequestTransitionError);
    }
    expect(() => transition('approved', { type: 'approve' })).toThrow('当前状态为“已核准”，不能执行“核准”');
  });

  it('has exactly the documented legal moves (every other pair is an error)', () => {
    const legal = new Set<string>();
    for (const s of REQUEST_STATES)
      for (const e of EVENTS) {
        try {
          legal.add(`${s}:${e.type}${'hasSupervisor' in e ? String(e.hasSupervisor) : ''}→${transition(s, e)}`);
        } catch (err) {
          expect(err).toBeInstanceOf(RequestTransitionError);
        }
      }
    expect([...legal].sort()).toEqual(
      [
        'draft:submit→submitted',
        'returned:submit→submitted',
        'submitted:accepttrue→supervisorReview',
        'submitted:acceptfalse→bianbanReview',
        'supervisorReview:supervisorApprove→bianbanReview',
        'bianbanReview:approve→approved',
        'supervisorReview:return→returned',
        'bianbanReview:return→returned',
        'supervisorReview:reject→rejected',
        'bianbanReview:reject→rejected',
        'submitted:withdraw→withdrawn',
        'supervisorReview:withdraw→withdrawn',
        'bianbanReview:withdraw→withdrawn',
        'returned:revise→draft',
      ].sort(),
    );
  });
});
