/** ID photos: checked and kept on this machine by SHA-256, uploaded in the background. */
import type { ClientContext, HandlerSlice } from './context';

export function photoHandlers(d: Pick<ClientContext, 'photos'>): HandlerSlice<'photos:put'> {
  const { photos } = d;
  return {
    'photos:put': async ({ base64 }) => {
      const r = photos.put(Buffer.from(base64, 'base64'));
      void photos.uploadPending();
      return r;
    },
  };
}
