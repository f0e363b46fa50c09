/** Who may take which step of a request, and which event a reviewer's decision makes. */
import { describe, expect, it } from 'vitest';
import { actorOf, decisionEvent, type Actor, type DecisionOutcome } from '../../domain/request-state';
import { REQUEST_STATES, type RequestEvent, type RequestState } from '../../domain/requests';

describe('decisionEvent', () => {
  const notUnderReview = REQUEST_STATES.filter((s) => s !== 'supervisorReview' && s !== 'bianbanReview');
  it.each(notUnderReview.flatMap((s) => (['approve', 'return', 'reject'] as const).map((o) => [s, o] as const)))(
    'makes no event in %s (%s): the request awaits no decision',
    (state, outcome) => {
      expect(decisionEvent(state, outcome, '意见')).toBeNull();
    },
  );

  const table: [RequestState, DecisionOutcome, RequestEvent['type']][] = [
    ['supervisorReview', 'approve', 'supervisorApprove'],
    ['supervisorReview', 'return', 'return'],
    ['supervisorReview', 'reject', 'reject'],
    ['bianbanReview', 'approve', 'approve'],
    ['bianbanReview', 'return', 'return'],
    ['bianbanReview', 'reject', 'reject'],
  ];
  it.each(table)('in %s, %s is the event %s', (state, outcome, type) => {
    expect(decisionEvent(state, outcome, '同意')).toEqual({ type, comment: '同意' });
  });
});

describe('actorOf', () => {
  const table: [RequestEvent['type'], RequestState, Actor][] = [
    // the deciding party, by the step the request is in
    ['return', 'supervisorReview', 'supervisor'],
    ['reject', 'supervisorReview', 'supervisor'],
    ['supervisorApprove', 'supervisorReview', 'supervisor'],
    ['return', 'bianbanReview', 'bianban'],
    ['reject', 'bianbanReview', 'bianban'],
    ['approve', 'bianbanReview', 'bianban'],
    // the filing unit
    ['submit', 'draft', 'unit'],
    ['submit', 'returned', 'unit'],
    ['withdraw', 'supervisorReview', 'unit'],
    ['withdraw', 'bianbanReview', 'unit'],
    ['revise', 'returned', 'unit'],
    // the server accepts a push
    ['accept', 'submitted', 'server'],
  ];
  it.each(table)('%s from %s is taken by the %s', (event, from, actor) => {
    expect(actorOf(event, from)).toBe(actor);
  });
});
