/**
 * The unit's requests: drafts, the pre-submit check, filing (signed into the outbox), withdrawal and
 * resubmission through the server, cancelling what still waits in the outbox.
 */
import { ApiError } from '../../domain/contract/errors';
import type { ClientContext, HandlerSlice } from './context';

type RequestChannel =
  | 'requests:list'
  | 'requests:get'
  | 'requests:drafts'
  | 'requests:saveDraft'
  | 'requests:deleteDraft'
  | 'requests:check'
  | 'requests:submit'
  | 'requests:withdraw'
  | 'requests:resubmit'
  | 'requests:cancel';

export function requestHandlers(d: Pick<ClientContext, 'filing' | 'sync' | 'changed' | 'pushSoon'>): HandlerSlice<RequestChannel> {
  const { filing, sync, changed } = d;
  return {
    'requests:list': async () => filing.list(),
    'requests:get': async ({ id }) => filing.get(id),
    'requests:drafts': async () => filing.drafts(),
    'requests:saveDraft': async ({ id, kind, payload }) => {
      const draft = filing.saveDraft(kind, payload, id);
      changed('drafts');
      return draft;
    },
    'requests:deleteDraft': async ({ id }) => {
      filing.deleteDraft(id);
      changed('drafts');
      return { ok: true as const };
    },
    'requests:check': async ({ kind, payload }) => ({ errors: filing.check(kind, payload), warnings: [] }),
    'requests:submit': async (req) => {
      const item = await filing.submit(req.kind, req.payload as never, req.draftId);
      changed('requests', 'drafts');
      d.pushSoon();
      return item;
    },
    'requests:withdraw': async ({ id, reason }) => {
      const item = filing.get(id);
      if (item.localState !== null) {
        throw new ApiError('CONFLICT', '该申报还在本机待上传，尚未到达编办：请先同步，上传后再撤回');
      }
      if (!['submitted', 'supervisorReview', 'bianbanReview'].includes(item.state)) {
        throw new ApiError('CONFLICT', '只有审核中的申报可以撤回；已办结或已退回的申报不能撤回');
      }
      await sync.withdraw(id, reason?.trim() || '单位撤回');
      changed('requests');
      return filing.get(id);
    },
    'requests:resubmit': async ({ id, payload }) => {
      const item = await filing.resubmit(id, payload);
      changed('requests');
      return item;
    },
    'requests:cancel': async ({ id }) => {
      filing.cancel(id);
      changed('requests');
      return { ok: true as const };
    },
  };
}
