/** The lock screen's channels: what app this is, the key's state, PIN login and logout. */
import type { AppInfo } from '../../domain/contract/views';
import type { ClientContext, HandlerSlice } from './context';

type KeyChannel = 'app:info' | 'key:status' | 'key:login' | 'key:logout';

export interface KeyHandlerDeps extends Pick<ClientContext, 'gate'> {
  appInfo: () => AppInfo;
}

export function keyHandlers(d: KeyHandlerDeps): HandlerSlice<KeyChannel> {
  const { gate } = d;
  return {
    'app:info': async () => d.appInfo(),
    'key:status': async () => gate.status(),
    'key:login': async ({ pin }) => {
      await gate.login(pin);
      return gate.status();
    },
    'key:logout': async () => {
      await gate.logout();
      return gate.status();
    },
  };
}
