/** The sync page: the link's state, and "sync now" (pending photos first, then push and pull). */
import type { ClientContext, HandlerSlice } from './context';

export function syncHandlers(d: Pick<ClientContext, 'sync' | 'photos'>): HandlerSlice<'sync:status' | 'sync:now'> {
  const { sync, photos } = d;
  return {
    'sync:status': async () => sync.status(),
    'sync:now': async () => {
      await photos.uploadPending();
      await sync.syncNow();
      return sync.status();
    },
  };
}
